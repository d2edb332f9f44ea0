// Writes fixtures/plans/<name>.tfplan.json: the Terraform plan JSON twin of each snapshot fixture
// (test/plan-twins-terraform.ts says how each is derived and which real files its shape follows).
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/util/package-info.js';
import { TERRAFORM_TWINS, terraformTwinText } from '../test/plan-twins-terraform.js';

mkdirSync(resolve(PACKAGE_ROOT, 'fixtures', 'plans'), { recursive: true });
for (const twin of TERRAFORM_TWINS) {
  writeFileSync(resolve(PACKAGE_ROOT, 'fixtures', 'plans', `${twin.name}.tfplan.json`), terraformTwinText(twin));
  console.log(`wrote fixtures/plans/${twin.name}.tfplan.json (twin of fixtures/${twin.fixture})`);
}

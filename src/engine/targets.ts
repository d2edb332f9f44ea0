// Targets live in the model (the model's selectors return them); rules import them from here with the rest of the engine API.
export * from '../model/targets.js';

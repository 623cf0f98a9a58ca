// Discord's limits (from the API documentation; the OpenAPI spec is looser in places, these win).
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  buttonLabel: 80,
  /** Acknowledge an interaction within this, or Discord shows "The application did not respond". */
  ackMs: 3000,
} as const;

/** Defer when the answer is not ready by then, leaving margin for the network. */
export const DEFER_AFTER_MS = 1500;

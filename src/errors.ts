// The one base of every error a user causes (configuration, files, links, typed input): adapters show its
// message as is, as one line or a notice; anything else is a bug and goes to the logs. Imports nothing.

export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

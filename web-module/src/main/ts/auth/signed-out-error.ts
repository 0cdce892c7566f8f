/** Nobody is signed in (any more) in this tab. */
export class SignedOutError extends Error {
  constructor() {
    super('You are signed out.');
    this.name = 'SignedOutError';
  }
}

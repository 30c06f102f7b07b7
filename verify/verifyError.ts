/**
 * Something verify could not reach or that is configured so that tracing cannot work. It ends the
 * run with exit code 2, naming the endpoint and the likely cause.
 */
export class VerifyError extends Error {
  constructor(
    readonly endpoint: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "VerifyError";
  }
}

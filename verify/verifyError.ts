/** Why a run could not verify: the endpoint at fault, what went wrong, and the likely cause. */
export interface Diagnosis {
  endpoint: string;
  message: string;
  hint: string;
}

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

  get diagnosis(): Diagnosis {
    return { endpoint: this.endpoint, message: this.message, hint: this.hint };
  }
}

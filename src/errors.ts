/**
 * One error taxonomy (see STYLE.md): `InputError` is the user's mistake (a file, a flag) and exits 2 with one clear
 * message; anything else that escapes is a bug in trailwise and is shown with its stack.
 */

export const EXIT_OK = 0;
export const EXIT_GATE_FAILED = 1;
export const EXIT_INPUT_ERROR = 2;

export class InputError extends Error {
  override readonly name = 'InputError';
  /** @param file the file at fault, when there is one. */
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/** Credentials that do not work at all stop a live run with one message (exit 2), like a bad flag. */
export class CredentialsError extends InputError {}

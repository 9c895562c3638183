/**
 * A rejected admin operation. `status` is the HTTP status the admin socket answers with and
 * `message` is the exact `{"error": …}` text of the Python admin server.
 */
export class TokenStoreError extends Error {
  constructor(
    readonly status: 400 | 404 | 500,
    message: string,
  ) {
    super(message);
    this.name = 'TokenStoreError';
  }
}

export const badRequest = (message: string) => new TokenStoreError(400, message);
export const notFound = (message: string) => new TokenStoreError(404, message);
/** tokens.yml or roles.yml could not be written; the change was undone. */
export const saveFailed = (message: string) => new TokenStoreError(500, message);

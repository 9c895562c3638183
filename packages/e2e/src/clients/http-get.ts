export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** One GET with the case's abort signal; a connection error becomes a readable Error. */
export async function httpGet(url: string, signal?: AbortSignal): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ?? null, redirect: 'manual' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`GET ${url} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

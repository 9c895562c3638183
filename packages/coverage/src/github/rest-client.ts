// The few GitHub REST calls the publisher and the base-branch comparison make, on fetch: JSON
// reads with Link pagination (bounded in pages), and an artifact's zip, whose redirect to
// blob storage is followed without the token and whose body is cut off at a size limit.

export interface RestClientOptions {
  token: string;
  /** Default: GITHUB_API_URL, else https://api.github.com. */
  baseUrl?: string | undefined;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

/** A REST answer other than 2xx; `status` lets callers tell 403/404 apart. */
export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
  constructor(
    readonly status: number,
    readonly what: string,
    detail: string,
  ) {
    super(`${what}: GitHub answered ${status}${detail ? ` (${detail})` : ''}`);
  }
}

const MAX_PAGES = 10;

export class GitHubRestClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: RestClientOptions) {
    this.baseUrl = (options.baseUrl || process.env.GITHUB_API_URL || 'https://api.github.com').replace(
      /\/+$/,
      '',
    );
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  private headers(): Record<string, string> {
    return {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${this.options.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'runevault-coverage',
    };
  }

  private async fail(response: Response, what: string): Promise<never> {
    let detail = '';
    try {
      const body = (await response.json()) as { message?: unknown };
      if (typeof body.message === 'string') detail = body.message.slice(0, 200);
    } catch {
      // No JSON body: the status says enough.
    }
    throw new GitHubApiError(response.status, what, detail);
  }

  /** One JSON answer; `what` names the call in errors. 404 is undefined. */
  async get<T>(path: string, what: string): Promise<T | undefined> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: this.headers(),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (response.status === 404) return undefined;
    if (!response.ok) return this.fail(response, what);
    return (await response.json()) as T;
  }

  /**
   * Every page of a listing (`items` picks the array out of an object answer), following
   * rel="next" up to `maxPages` pages of 100.
   */
  async paginate<T>(
    path: string,
    what: string,
    items: (page: unknown) => T[] = (page) => page as T[],
    maxPages = MAX_PAGES,
  ): Promise<T[]> {
    const all: T[] = [];
    let url: string | undefined = `${this.baseUrl}${path}${path.includes('?') ? '&' : '?'}per_page=100`;
    for (let page = 0; url && page < maxPages; page++) {
      const response: Response = await fetch(url, {
        headers: this.headers(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.status === 404) return all;
      if (!response.ok) return this.fail(response, what);
      all.push(...items(await response.json()));
      url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return all;
  }

  /**
   * GET …/actions/artifacts/{id}/zip answers 302 to a signed blob URL; that one is fetched
   * without the token (it is for GitHub's API only), and read up to `maxBytes`.
   */
  async downloadArtifactZip(owner: string, repo: string, id: number, maxBytes: number): Promise<Buffer> {
    const what = `download of artifact ${id}`;
    const first = await fetch(`${this.baseUrl}/repos/${owner}/${repo}/actions/artifacts/${id}/zip`, {
      headers: this.headers(),
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    let response = first;
    if (first.status >= 300 && first.status < 400) {
      const location = first.headers.get('location');
      if (!location) throw new GitHubApiError(first.status, what, 'a redirect without a location');
      response = await fetch(location, { signal: AbortSignal.timeout(this.timeoutMs) });
    }
    if (!response.ok) return this.fail(response, what);
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > maxBytes) throw new ArtifactTooLargeError(declared, maxBytes);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > maxBytes) {
        await response.body?.cancel();
        throw new ArtifactTooLargeError(size, maxBytes);
      }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }
}

export class ArtifactTooLargeError extends Error {
  override readonly name = 'ArtifactTooLargeError';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`the zip is over ${limit} bytes (at least ${size})`);
  }
}

// One way to call the coordination service: same origin, the bearer token of the session,
// problem+json errors turned into ApiError with each bad field named.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[] = [],
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
  }
}

export type TokenSource = () => string | undefined;

export class ApiClient {
  constructor(
    private readonly token: TokenSource,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  get<T>(
    path: string,
    query: Record<string, string | number | boolean | undefined> = {},
  ): Promise<T> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') search.set(key, String(value));
    const qs = search.toString();
    return this.send<T>('GET', qs ? `${path}?${qs}` : path);
  }

  /** A write: with a fresh Idempotency-Key unless the caller keeps one across retries. */
  post<T>(path: string, body: unknown, idempotencyKey: string = crypto.randomUUID()): Promise<T> {
    return this.send<T>('POST', path, body, idempotencyKey);
  }

  put<T>(path: string, body: unknown, idempotencyKey: string = crypto.randomUUID()): Promise<T> {
    return this.send<T>('PUT', path, body, idempotencyKey);
  }

  delete<T>(path: string, idempotencyKey: string = crypto.randomUUID()): Promise<T> {
    return this.send<T>('DELETE', path, undefined, idempotencyKey);
  }

  private async send<T>(
    method: string,
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      if (response.status === 401) this.onUnauthorized();
      const problem = (json ?? {}) as { title?: string; detail?: string; errors?: FieldError[] };
      throw new ApiError(
        response.status,
        problem.title ?? response.statusText,
        problem.detail,
        problem.errors ?? [],
      );
    }
    return json as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Every page of one of the API's cursor-paged lists (`{<key>: [...], nextCursor}`), 200 at a
 * time, up to `max` items.
 */
export async function listAll<T>(
  api: ApiClient,
  path: string,
  key: string,
  query: Record<string, string | number | boolean | undefined> = {},
  max = 5000,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<Record<string, unknown> & { nextCursor: string | null }>(path, {
      ...query,
      limit: 200,
      cursor,
    });
    all.push(...(page[key] as T[]));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && all.length < max);
  return all;
}

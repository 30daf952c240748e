// fetch with the conventions of the WSIS Hub API: JSON bodies, the session's CSRF token on
// every change, the page language as Accept-Language, RFC 9457 problems as ApiError.

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail || type || `HTTP ${status}`);
  }
}

let csrfToken: string | null = null;
let language = 'en';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setApiLanguage(lang: string): void {
  language = lang;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language, ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (!response.ok) {
    let problem: { type?: string; detail?: string; title?: string; errors?: FieldError[] } = {};
    try {
      problem = await response.json();
    } catch {
      // not a problem document (a proxy's error page): keep the status alone
    }
    throw new ApiError(response.status, problem.type ?? '', problem.detail ?? problem.title ?? '', problem.errors ?? []);
  }
  const data = response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  return { data, etag: response.headers.get('ETag') };
}

export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request<T>(path, { signal })).data;
}

export function send<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  return request<T>(path, { method, body, headers }).then((r) => r.data);
}

/** A query string from a map of filters; empty values are left out, lists joined by commas. */
export function queryString(params: Record<string, string | string[] | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

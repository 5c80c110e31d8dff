import { ApiError, networkProblem, problemFrom } from "./problem";

/**
 * The one way the dashboard talks to the platform (the gateway at the same origin).
 *
 * The access token lives only in this module's memory; the refresh token lives in the httpOnly `mpesa_refresh`
 * cookie the auth service sets when asked with `X-Session-Cookie: 1`, so page scripts never see it. A request that
 * meets an expired token refreshes once (concurrent callers share the refresh) and is replayed; a refresh is also
 * scheduled shortly before the token expires. When the session is over for good, listeners hear `ended` and the app
 * shows the login page without leaving the URL the user was on.
 */

export interface TokenAnswer {
  access_token: string;
  token_type?: string;
  expires_in: number;
  session_id?: string;
  organization_id?: string | null;
  role?: string | null;
}

type SessionListener = (event: "refreshed" | "ended") => void;

let accessToken: string | null = null;
let refreshTimer: number | undefined;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<SessionListener>();

export const COOKIE_MODE = { "X-Session-Cookie": "1" } as const;

export function onSession(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(event: "refreshed" | "ended") {
  for (const listener of listeners) listener(event);
}

export function hasAccessToken(): boolean {
  return accessToken !== null;
}

/** Claims of the current access token (not verified here: the gateway verifies; this is for display only). */
export function tokenClaims(): Record<string, unknown> | null {
  if (!accessToken) return null;
  try {
    const payload = accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), "="))) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * Whether this browser had a session (a marker beside the httpOnly cookie, holding no secret): a first visit then
 * does not start with a refresh that can only fail.
 */
const SESSION_MARKER = "mpesa.session";

export function hadSession(): boolean {
  try {
    return window.localStorage.getItem(SESSION_MARKER) === "1";
  } catch {
    return true;
  }
}

function markSession(present: boolean) {
  try {
    if (present) window.localStorage.setItem(SESSION_MARKER, "1");
    else window.localStorage.removeItem(SESSION_MARKER);
  } catch {
    /* storage disabled: every start tries a refresh */
  }
}

export function acceptTokens(answer: TokenAnswer) {
  accessToken = answer.access_token;
  markSession(true);
  window.clearTimeout(refreshTimer);
  // Refresh a minute before expiry (or halfway for very short tokens).
  const lead = Math.min(60, Math.floor(answer.expires_in / 2));
  refreshTimer = window.setTimeout(() => void refreshSession(), Math.max(5, answer.expires_in - lead) * 1000);
}

export function forgetTokens() {
  accessToken = null;
  markSession(false);
  window.clearTimeout(refreshTimer);
}

/** Refreshes the session from the cookie; `organizationId` switches the organisation the token acts for. */
/** Why the last refresh failed: the session is over (`ended`), or the platform could not answer (`unreachable`). */
let lastRefreshFailure: "ended" | "unreachable" | null = null;

export function refreshFailure(): "ended" | "unreachable" | null {
  return lastRefreshFailure;
}

export function refreshSession(organizationId?: string): Promise<boolean> {
  if (refreshing && !organizationId) return refreshing;
  const attempt = (async () => {
    try {
      let response: Response;
      for (let attempt = 0; ; attempt += 1) {
        response = await fetch("/api/v1/auth/refresh", {
          method: "POST",
          credentials: "same-origin",
          headers: { ...COOKIE_MODE, "Content-Type": "application/json" },
          body: JSON.stringify(organizationId ? { organization_id: organizationId } : {}),
        });
        const delay = retryDelay(response, attempt);
        if (delay === null) break;
        await pause(delay);
      }
      if (!response.ok) {
        // 401 (spent, revoked, expired) and 422 (no cookie at all) end the session; anything else is the platform.
        lastRefreshFailure = response.status === 401 || response.status === 422 ? "ended" : "unreachable";
        if (response.status === 401) {
          forgetTokens();
          emit("ended");
        }
        if (organizationId) throw await problemFrom(response);
        return false;
      }
      acceptTokens((await response.json()) as TokenAnswer);
      lastRefreshFailure = null;
      emit("refreshed");
      return true;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      lastRefreshFailure = "unreachable";
      return false;
    }
  })();
  if (!organizationId) {
    refreshing = attempt;
    void attempt.finally(() => {
      refreshing = null;
    });
  }
  return attempt;
}

export type Query = Record<string, string | number | boolean | null | undefined | string[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((item) => params.append(key, item));
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes("?") ? "&" : "?"}${text}` : path;
}

export interface RequestOptions {
  method?: string;
  query?: Query;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Calls that must not carry a token (login, register…). */
  anonymous?: boolean;
}

async function sendPatiently(path: string, options: RequestOptions): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await send(path, options);
    const delay = retryDelay(response, attempt);
    if (delay === null) return response;
    await pause(delay, options.signal);
  }
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (!options.anonymous && accessToken) headers.Authorization = `Bearer ${accessToken}`;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  try {
    return await fetch(withQuery(path, options.query), {
      method: options.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if ((error as { name?: string }).name === "AbortError") throw error;
    throw networkProblem(error);
  }
}

/** How long to wait before retrying a 429 (its Retry-After, capped), or null when it should not be retried. */
function retryDelay(response: Response, attempt: number): number | null {
  if (response.status !== 429 || attempt >= 3) return null;
  const seconds = Number(response.headers.get("retry-after") ?? "1");
  return Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds : 1, 20) * 1000;
}

function pause(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(resolve, milliseconds);
    signal?.addEventListener("abort", () => {
      window.clearTimeout(timer);
      reject(new DOMException("aborted", "AbortError"));
    });
  });
}

/**
 * Sends a request. A 429 (the plan's rate limit, refused at the edge before any work was done, so safe to repeat for
 * any method) waits its Retry-After and tries again, a few times; a 401 for an expired or unknown token refreshes
 * once and replays the request.
 */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await sendPatiently(path, options);
  if (response.status === 401 && !options.anonymous) {
    if (await refreshSession()) response = await sendPatiently(path, options);
    else {
      forgetTokens();
      emit("ended");
    }
  }
  if (!response.ok) throw await problemFrom(response);
  return response;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return (await response.text()) as unknown as T;
  return (await response.json()) as T;
}

/** Fetches a file (report, export) with the token and hands it to the browser as a download. */
export async function download(path: string, query?: Query, fallbackName = "download"): Promise<string> {
  const response = await request(withQuery(path, query), { headers: { Accept: "*/*" } });
  const disposition = response.headers.get("content-disposition") ?? "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}

/**
 * Uploads a multipart form with progress (fetch cannot report upload progress, XMLHttpRequest can). A 401 refreshes
 * the session once and uploads again.
 */
export function upload<T>(path: string, form: FormData, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<T> {
  const attempt = () =>
    new Promise<{ status: number; text: string; type: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", path);
      xhr.setRequestHeader("Accept", "application/json");
      if (accessToken) xhr.setRequestHeader("Authorization", `Bearer ${accessToken}`);
      xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0);
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, type: xhr.getResponseHeader("content-type") ?? "" });
      xhr.onerror = () => reject(networkProblem("the upload was interrupted"));
      xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
      signal?.addEventListener("abort", () => xhr.abort());
      xhr.send(form);
    });
  return (async () => {
    let answer = await attempt();
    if (answer.status === 401 && (await refreshSession())) answer = await attempt();
    const body = answer.text ? (JSON.parse(answer.text) as unknown) : undefined;
    if (answer.status >= 400) {
      const problem = (body ?? {}) as Record<string, unknown>;
      throw new ApiError({ type: "about:blank", title: `HTTP ${answer.status}`, status: answer.status, ...problem } as never);
    }
    return body as T;
  })();
}

/** A server-sent event read from a fetch stream (EventSource cannot send the Authorization header). */
export interface StreamedEvent {
  event: string;
  data: string;
}

/** Follows a server-sent event stream until it ends, the signal aborts, or `onEvent` returns true (done). */
export async function followEvents(path: string, onEvent: (event: StreamedEvent) => boolean | void, signal?: AbortSignal): Promise<void> {
  const response = await request(path, { headers: { Accept: "text/event-stream" }, signal });
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    let boundary = buffer.indexOf("\n\n");
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0 && onEvent({ event, data: data.join("\n") }) === true) {
        await reader.cancel();
        return;
      }
      boundary = buffer.indexOf("\n\n");
    }
  }
}

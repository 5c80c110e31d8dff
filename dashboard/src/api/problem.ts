/** An RFC 9457 problem answered by the platform, or a network failure dressed as one. */
export interface FieldError {
  field?: string;
  pointer?: string;
  detail?: string;
  message?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  reason?: string;
  request_id?: string;
  [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** The message for a person: the problem's detail, else its title. */
  get friendly(): string {
    return this.problem.detail || this.problem.title || "Something went wrong";
  }

  /** Field-level messages keyed by field name (for forms). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) {
      const field = error.field ?? error.pointer?.replace(/^\/+/, "") ?? "";
      if (field) out[field] = error.detail ?? error.message ?? "invalid";
    }
    return out;
  }
}

export function networkProblem(error: unknown): ApiError {
  const offline = typeof navigator !== "undefined" && navigator.onLine === false;
  return new ApiError({
    type: "network",
    title: offline ? "You are offline" : "The server could not be reached",
    status: 0,
    detail: offline ? "Check your connection and try again." : `The request did not complete (${String(error)}). Try again in a moment.`,
  });
}

export async function problemFrom(response: Response): Promise<ApiError> {
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return new ApiError({ type: body.type ?? "about:blank", title: body.title ?? response.statusText, status: body.status ?? response.status, ...body } as Problem);
    } catch {
      /* fall through to the generic problem */
    }
  }
  return new ApiError({ type: "about:blank", title: response.statusText || `HTTP ${response.status}`, status: response.status });
}

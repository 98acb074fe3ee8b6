/** The body of every 4xx/5xx answer: what was wrong, where, and what to do. */
export interface Problem {
  statusCode: number;
  error: string;
  message: string;
  /** For input errors: each offending field and why. */
  violations?: Array<{ field: string; reason: string }>;
  /** For business rule refusals: the rule's name, stable for clients to branch on. */
  rule?: string;
}

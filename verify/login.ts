import { UsageError } from "./options";

/** What a server of the stack asks for once it leaves the platform (stack output `credentials`). */
export interface Login {
  username: string;
  password: string;
}

/** The HTTP Basic header value, as Jaeger's basicauth extension reads it. */
export function basicAuthorization(login: Login): string {
  return `Basic ${Buffer.from(`${login.username}:${login.password}`).toString("base64")}`;
}

/**
 * A login from `<PREFIX>_USER` and `<PREFIX>_PASSWORD`: environment only, since a password on the
 * command line is visible to every user of the machine (ps). Both or neither.
 */
export function loginFromEnv(env: NodeJS.ProcessEnv, prefix: string): Login | undefined {
  const username = env[`${prefix}_USER`];
  const password = env[`${prefix}_PASSWORD`];
  if (username === undefined && password === undefined) return undefined;
  if (!username || !password) throw new UsageError(`${prefix}_USER and ${prefix}_PASSWORD go together: expected both set and non-empty, or neither`);
  return { username, password };
}

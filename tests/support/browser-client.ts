import { request as httpRequest } from "node:http";

/**
 * A minimal browser for tests against the running server: a cookie jar, and the two
 * sign-in steps the login page takes (the password to /api/auth/sign-in, then next-auth's
 * "ticket" provider). `from` picks the loopback address the client connects from, so the
 * server sees a client address of its own (127.0.0.0/8 is all loopback on Linux).
 */
export type SetCookie = { name: string; value: string; attributes: string[] };

export type Answer = { status: number; headers: Headers; text: string; json: () => unknown };

export class BrowserClient {
  readonly jar = new Map<string, string>();
  readonly lastSetCookies: SetCookie[] = [];

  constructor(
    private readonly origin: string,
    private readonly from = "127.0.0.1",
    private readonly userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
  ) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** One exchange over node:http (fetch cannot choose its local address), no redirects followed. */
  async request(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
    const url = new URL(path, this.origin);
    const answer = await new Promise<{ status: number; raw: string[]; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: init.method ?? "GET",
          localAddress: this.from,
          headers: { "user-agent": this.userAgent, ...(this.jar.size ? { cookie: this.cookieHeader() } : {}), ...init.headers },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode!, raw: res.rawHeaders, text }));
        },
      );
      req.on("error", reject);
      req.end(init.body);
    });
    const headers = new Headers();
    for (let i = 0; i < answer.raw.length; i += 2) headers.append(answer.raw[i]!, answer.raw[i + 1]!);
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((s) => s.trim());
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      this.lastSetCookies.push({ name, value, attributes });
      if (!value || attributes.some((a) => /^max-age=0$/i.test(a))) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return { status: answer.status, headers, text: answer.text, json: () => JSON.parse(answer.text) as unknown };
  }

  /** Step one only: the status of POST /api/auth/sign-in. */
  async password(email: string, password: string): Promise<number> {
    const res = await this.request("/api/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    return res.status;
  }

  /** Both steps; the status of the first failing one, or 200 with a session. */
  async signIn(email: string, password: string, factor: { code?: string; recoveryCode?: string } = {}): Promise<number> {
    const first = await this.password(email, password);
    if (first !== 200) return first;
    const csrf = (await this.request("/api/auth/csrf")).json() as { csrfToken: string };
    const res = await this.request("/api/auth/callback/ticket", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
      body: new URLSearchParams({ ...factor, csrfToken: csrf.csrfToken, json: "true" }).toString(),
    });
    let body: { url?: string } = {};
    try {
      body = res.json() as { url?: string };
    } catch {
      // not JSON: a failure
    }
    if (res.status !== 200 || (body.url ?? "").includes("error=")) return res.status === 200 ? 401 : res.status;
    return (await this.whoAmI()) ? 200 : 401;
  }

  /** The signed-in user's email per next-auth's session endpoint, or null. */
  async whoAmI(): Promise<string | null> {
    const s = (await this.request("/api/auth/session")).json() as { user?: { email?: string } };
    return s.user?.email ?? null;
  }

  /** Where a console page sends this client: its status, or "login" for the sign-in redirect. */
  async page(path: string): Promise<number | "login"> {
    const res = await this.request(path);
    const location = res.headers.get("location") ?? "";
    if (res.status >= 300 && res.status < 400 && location.includes("/login")) return "login";
    return res.status;
  }
}

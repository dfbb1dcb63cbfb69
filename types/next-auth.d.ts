import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    /** The server-side session row (lib/auth/sessions). */
    sid?: string;
  }
}

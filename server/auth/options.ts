import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { authSecret, env, oidcEnabled } from '../config/env';
import { DomainError } from '../errors/domain-error';
import { clientIp } from './client-ip';
import { authenticate } from './credentials';
import { userForOidcProfile } from './oidc-users';
import { closeSession, openSession } from './sessions';

/** An OpenID Connect provider, enabled by OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET. */
function oidcProvider(): NextAuthOptions['providers'][number] {
  const e = env();
  return {
    id: 'oidc',
    name: e.OIDC_DISPLAY_NAME,
    type: 'oauth',
    wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, '')}/.well-known/openid-configuration`,
    authorization: { params: { scope: 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state'],
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    profile: (p: { sub: string; email?: string; name?: string }) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? null }),
  };
}

/**
 * next-auth configuration. The cookie is a JWT that carries a server-side session id (`sid`);
 * every request re-checks that session (server/auth/sessions.ts), so sign-out and expiry
 * take effect at once.
 */
export function authOptions(): NextAuthOptions {
  const maxAge = Math.round(env().SESSION_MAX_AGE_HOURS * 3600);
  return {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge },
    jwt: { maxAge },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          try {
            return await authenticate({ email: credentials?.email, password: credentials?.password }, clientIp(req?.headers));
          } catch (e) {
            // next-auth passes the message to the sign-in page as ?error=...
            if (e instanceof DomainError && e.code === 'TOO_MANY_REQUESTS') throw new Error('TooManyAttempts');
            throw e;
          }
        },
      }),
      ...(oidcEnabled() ? [oidcProvider()] : []),
    ],
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== 'oidc') return true;
        const local = await userForOidcProfile(user);
        if (!local) return false;
        // The jwt callback receives this same object: from here on it is the Concord user.
        Object.assign(user, local);
        return true;
      },
      async jwt({ token, user }) {
        if (user) {
          const session = await openSession(user.id, null);
          return { ...token, sub: user.id, sid: session.id };
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await closeSession(token.sid);
      },
    },
  };
}

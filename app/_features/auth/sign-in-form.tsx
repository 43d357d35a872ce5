'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Field } from '@/app/_components/field';
import { SIGN_IN_ERRORS } from '@/server/contracts/auth';

function messageFor(code: string | null | undefined): string | null {
  if (!code) return null;
  return SIGN_IN_ERRORS[code as keyof typeof SIGN_IN_ERRORS] ?? 'Sign-in failed. Try again.';
}

export function SignInForm({ oidcName, initialError, next }: { oidcName: string | null; initialError?: string; next?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(messageFor(initialError));
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', { redirect: false, email: form.get('email'), password: form.get('password') });
    setPending(false);
    if (!result || result.error) {
      setError(messageFor(result?.error ?? 'CredentialsSignin'));
      return;
    }
    router.replace(next?.startsWith('/') && !next.startsWith('//') ? next : '/');
    router.refresh();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Sign in">
      <h1>Sign in</h1>
      {error && <div role="alert" className="alert">{error}</div>}
      <Field label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <button className="btn btn-primary btn-block" type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
      {oidcName && (
        <>
          <div className="divider">or</div>
          <button className="btn btn-block" type="button" onClick={() => void signIn('oidc', { callbackUrl: '/' })}>
            Continue with {oidcName}
          </button>
        </>
      )}
      <p className="muted" style={{ marginTop: 16 }}>
        New here? <Link href="/sign-up">Create an account</Link>
      </p>
    </form>
  );
}

'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Field } from '@/app/_components/field';
import { formText } from '@/app/_lib/form';
import { errorMessage, fieldErrors, useTRPC } from '@/app/_trpc/client';
import { PASSWORD_POLICY } from '@/server/contracts/auth';

export function SignUpForm({ next, email }: { next?: string; email?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [signInError, setSignInError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = { name: formText(form, 'name'), email: formText(form, 'email'), password: formText(form, 'password') };
    const created = await signUp.mutateAsync(input).catch(() => null);
    if (!created) return;
    const result = await signIn('credentials', { redirect: false, email: input.email, password: input.password });
    if (!result || result.error) {
      setSignInError('Your account was created, but signing in failed. Try signing in.');
      return;
    }
    router.replace(next?.startsWith('/') && !next.startsWith('//') ? next : `/${created.orgSlug}`);
    router.refresh();
  }

  const errors = fieldErrors(signUp.error);
  const formError = signUp.error && !Object.keys(errors).length ? errorMessage(signUp.error) : signInError;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Create account">
      <h1>Create your account</h1>
      {formError && <div role="alert" className="alert">{formError}</div>}
      <Field label="Name" name="name" autoComplete="name" required autoFocus errors={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={email} errors={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required hint={PASSWORD_POLICY} errors={errors.password} />
      <button className="btn btn-primary btn-block" type="submit" disabled={signUp.isPending}>
        {signUp.isPending ? 'Creating account…' : 'Create account'}
      </button>
      <p className="muted" style={{ marginTop: 16 }}>
        Already have an account? <Link href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}>Sign in</Link>
      </p>
    </form>
  );
}

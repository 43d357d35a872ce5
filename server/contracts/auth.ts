import { z } from 'zod';

export const ZEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long')
  .pipe(z.email('Enter a valid email address'));

// A few passwords that pass the length rule yet are the first ones guessed.
const COMMON = new Set(['password123', 'password1234', '1234567890', '12345678910', 'qwertyuiop', 'iloveyou123', 'letmein1234', 'welcome123', 'admin12345', 'concord123']);

/**
 * Password policy (NIST SP 800-63B style): 10 to 128 characters, not one repeated character,
 * not a well-known password. No composition rules; length is what counts.
 */
export const ZPasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(128, 'Use at most 128 characters')
  .refine((p) => new Set(p).size > 2, 'Use more than two different characters')
  .refine((p) => !COMMON.has(p.toLowerCase()), 'This password is too common');

export const PASSWORD_POLICY = 'At least 10 characters; not a common password.';

export const ZSignUpInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter your name').max(120, 'Name is too long'),
    email: ZEmailSchema,
    password: ZPasswordSchema,
  })
  .refine((v) => {
    const local = v.email.split('@')[0] ?? '';
    return local.length < 4 || !v.password.toLowerCase().includes(local);
  }, {
    path: ['password'],
    message: 'The password must not contain your email name',
  });
export type TSignUpInput = z.infer<typeof ZSignUpInputSchema>;

export const ZSignUpResultSchema = z.object({ userId: z.string(), orgSlug: z.string() });
export type TSignUpResult = z.infer<typeof ZSignUpResultSchema>;

export const ZUserSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type TUser = z.infer<typeof ZUserSchema>;

/** Codes the sign-in form shows a message for (next-auth passes them as `error`). */
export const SIGN_IN_ERRORS = {
  CredentialsSignin: 'Email or password is incorrect.',
  TooManyAttempts: 'Too many failed sign-in attempts. Wait a few minutes and try again.',
} as const;

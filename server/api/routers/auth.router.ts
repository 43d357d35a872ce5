import { z } from 'zod';
import { env, oidcEnabled } from '../../config/env';
import { ZSignUpInputSchema, ZSignUpResultSchema } from '../../contracts/auth';
import { signUp } from '../../domain/accounts/sign-up';
import { publicProcedure, router } from '../trpc';

export const authRouter = router({
  /** Which sign-in methods this installation offers. */
  providers: publicProcedure
    .output(z.object({ oidcName: z.string().nullable() }))
    .query(() => ({ oidcName: oidcEnabled() ? env().OIDC_DISPLAY_NAME : null })),

  signUp: publicProcedure
    .input(ZSignUpInputSchema)
    .output(ZSignUpResultSchema)
    .mutation(({ ctx, input }) => signUp(input, ctx.ip)),
});

import { ZUserSchema } from '../../contracts/auth';
import { authedProcedure, router } from '../trpc';

export const userRouter = router({
  me: authedProcedure.output(ZUserSchema).query(({ ctx }) => ({ id: ctx.actor.id, email: ctx.actor.email, name: ctx.actor.name })),
});

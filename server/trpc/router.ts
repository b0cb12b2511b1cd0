import { authRouter } from "../features/auth/auth.router.ts";
import { mediaRouter } from "../features/media/media.router.ts";
import { router } from "./init.ts";

export const appRouter = router({
  auth: authRouter,
  media: mediaRouter,
});

export type AppRouter = typeof appRouter;

import { z } from 'zod';

/**
 * The parts of a Forge resolver's `req.context` that authorisation relies on. Forge documents these fields as
 * set by the platform (not the browser), so they are safe to authorise with — unlike `view.getContext()` in the
 * frontend, which the user can alter.
 */
export const invocationContextSchema = z.object({
  accountId: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,128}$/)
    .optional(),
  accountType: z.enum(['licensed', 'unlicensed', 'customer', 'anonymous']).optional(),
  moduleKey: z.string().min(1).max(255).optional(),
  cloudId: z.string().min(1).max(128).optional(),
  installContext: z.string().min(1).optional(),
  environmentType: z.string().optional(),
  license: z.object({ isActive: z.boolean() }).passthrough().nullish(),
});

export type InvocationContext = z.infer<typeof invocationContextSchema>;

/** What a handler receives once identity is proven: a user acting through one module of one site. */
export interface VerifiedUser {
  readonly accountId: string;
  readonly moduleKey: string;
  readonly cloudId: string | undefined;
  readonly installContext: string | undefined;
}

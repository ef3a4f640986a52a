// Fastify's own schema compilers (Ajv for validation, fast-json-stringify for answers), loaded only if a route ever
// needs them. Every route of Trio is validated and serialised by zod's compilers (app.ts sets them on the root, so
// every plugin and route inherits them); Fastify would still load its own two at each `Fastify()` (~0.1–0.2 s of CPU
// at each start, Ajv and its formats included). They stay Fastify's defaults: a route given a plain JSON schema by a
// context that has no zod compiler still gets them, loaded then.
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type Factory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type Builder = (...args: unknown[]) => unknown;

/** Fastify's own dependencies, resolved from where Fastify is (not hoisted to our node_modules by every installer). */
const fastifyRequire = () => createRequire(createRequire(import.meta.url).resolve('fastify'));

let validatorBuilder: Builder | undefined;
let serializerBuilder: Builder | undefined;

/** For `Fastify({ schemaController: { compilersFactory: fastifyCompilersOnUse } })`. */
export const fastifyCompilersOnUse = {
  buildValidator: (...args: unknown[]) => (validatorBuilder ??= (fastifyRequire()('@fastify/ajv-compiler') as () => Builder)())(...args),
  buildSerializer: (...args: unknown[]) => (serializerBuilder ??= (fastifyRequire()('@fastify/fast-json-stringify-compiler') as () => Builder)())(...args),
} as unknown as Factory;

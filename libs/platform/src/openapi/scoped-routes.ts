import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { SCOPE_REQUIREMENT, type Scope, type ScopeRequirement } from '../scope-guard.js';
import { problems } from './openapi-schemas.js';

/** One route guarded by `RequiresScope`, with its path in OpenAPI form (`/sagas/{orderId}`). */
export type ScopedRoute = Readonly<{ method: string; path: string; scopes: readonly Scope[] }>;

const segments = (path: unknown): string[] =>
  (Array.isArray(path) ? path : [path])
    .filter((part): part is string => typeof part === 'string')
    .map((part) => part.replace(/^\/+|\/+$/g, ''));

const openApiPath = (controllerPath: string, handlerPath: string): string =>
  `/${[controllerPath, handlerPath].filter((part) => part !== '').join('/')}`.replace(
    /:([A-Za-z0-9_]+)/g,
    '{$1}',
  );

/**
 * Every route of a created app that `RequiresScope` guards, read from the same metadata Nest's
 * router is built from: a route cannot be guarded without being listed here.
 */
export const scopedRoutesOf = (app: INestApplication): ScopedRoute[] => {
  const scanner = new MetadataScanner();
  const routes: ScopedRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (controller === null) continue;
      const onController = Reflect.getMetadata(SCOPE_REQUIREMENT, controller) as
        ScopeRequirement | undefined;
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const requirement =
          (Reflect.getMetadata(SCOPE_REQUIREMENT, handler) as ScopeRequirement | undefined) ??
          onController;
        if (requirement === undefined) continue;
        for (const base of segments(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const own of segments(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({
              method: RequestMethod[method].toLowerCase(),
              path: openApiPath(base, own),
              scopes: requirement.scopes,
            });
          }
        }
      }
    }
  }
  return routes;
};

type Operation = Record<string, unknown> & { tags?: string[]; responses?: object };
type Document = Record<string, unknown> & { paths: Record<string, Record<string, Operation>> };

/**
 * The document with each scoped route's security taken from the code: its schemes
 * (`operatorToken`, `serviceToken`), a tag per scope, `x-scopes`, and the 401 and 403 answers.
 * A guarded route the document forgot is added, so no reader (nor test) can miss it.
 */
export const withScopedSecurity = (
  document: Record<string, unknown>,
  routes: readonly ScopedRoute[],
): Record<string, unknown> => {
  const paths = structuredClone((document as Document).paths);
  for (const { method, path, scopes } of routes) {
    const operations = (paths[path] ??= {});
    const operation = (operations[method] ??= {
      summary: 'Guarded by scope (not yet described)',
      responses: {},
    });
    operation['security'] = scopes.map((scope) => ({ [`${scope}Token`]: [] }));
    operation['x-scopes'] = [...scopes];
    operation.tags = [...new Set([...(operation.tags ?? []), ...scopes])];
    operation.responses = { ...operation.responses, ...problems(401, 403) };
  }
  return { ...document, paths };
};

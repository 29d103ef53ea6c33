import { type AppName, SERVICE_NAMES, WEB_APP } from '@pattern-shop/contracts';

/** Every app ./bin/run can start, the storefront first: it is where someone exploring starts. */
export const ALL_APPS: readonly AppName[] = [WEB_APP.name, ...SERVICE_NAMES];

/**
 * `STACK_APPS=inventory-service,payment-provider`: start only these (tests, small machines);
 * unset or empty: all of them. An unknown name is refused with the list, never skipped.
 */
export const stackAppsFrom = (value: string | undefined): AppName[] => {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) return [...ALL_APPS];
  const unknown = names.filter((name) => !(ALL_APPS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `STACK_APPS names ${unknown.join(', ')}, which ./bin/run does not know; the apps are: ${ALL_APPS.join(', ')}`,
    );
  }
  return ALL_APPS.filter((app) => names.includes(app));
};

const KEY = 'pattern-shop.staff-token';

/** The operator token, asked once per browser tab and kept in sessionStorage (gone with the tab). */
export const storedStaffToken = (): string | undefined => sessionStorage.getItem(KEY) ?? undefined;

export const keepStaffToken = (token: string): void => sessionStorage.setItem(KEY, token);

export const forgetStaffToken = (): void => sessionStorage.removeItem(KEY);

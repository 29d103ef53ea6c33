/** The staff token's header, as web passes it on to a service's operator endpoints. */
export const staffHeaders = (adminToken: string): Record<string, string> => ({
  authorization: `Bearer ${adminToken}`,
});

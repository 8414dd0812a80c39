/**
 * A settings field's path as the server names it in a ValidationError ("twilio.smsNumber",
 * "tools.0.name") in the words its form row shows ("SMS number", "Tool name (2)"), so a failed
 * save's notification says which field to fix. `lookup` finds a translation of the admin's
 * `settings.<key>` labels; a field without one is named from its key ("retentionDays" → "retention days").
 */
export const fieldLabel = (path: string, lookup: (key: string) => string | undefined): string => {
  const segments = path.split('.');
  const names = segments.filter((segment) => !/^\d+$/.test(segment));
  const positions = segments.filter((segment) => /^\d+$/.test(segment)).map((index) => Number(index) + 1);
  const label =
    lookup(`settings.${names.join('.')}`) ??
    (names.length > 2 ? lookup(`settings.${names[0]}.${names[names.length - 1]}`) : undefined) ??
    (names.at(-1) ?? path).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return positions.length > 0 ? `${label} (${positions.join('.')})` : label;
};

/** Field messages keyed by path as one line: "SMS number: must be E.164; Tool name (2): required". */
export const describeFieldErrors = (errors: Record<string, string>, label: (path: string) => string) =>
  Object.entries(errors)
    .map(([path, message]) => `${label(path)}: ${message}`)
    .join('; ');

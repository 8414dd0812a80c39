/**
 * Fills an action's confirmation ("RSVP *{status}* to *{title}* on {startsAt:date}?") from the
 * proposal's arguments and the record it is about. `{name:date}` writes an ISO date-time for
 * people, on the community's clock ("Thursday, 3 December 2026, 19:30"; "…, 18:30 UTC" where the
 * community keeps UTC). A name with no value stays visible as `{name}`: a wrong template shows,
 * it does not silently say less.
 */
const formatDate = (value: unknown, timeZone: string) => {
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  const day = date.toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  return `${day}, ${time}${timeZone === 'UTC' ? ' UTC' : ''}`;
};

export const renderConfirmation = (template: string, values: Record<string, unknown>, timeZone = 'UTC') =>
  template.replace(/\{(\w+)(?::(date))?\}/g, (whole, name: string, format?: string) => {
    const value = values[name];
    if (value === undefined || value === null || typeof value === 'object') return whole;
    return format === 'date' ? formatDate(value, timeZone) : String(value).replace(/_/g, ' ');
  });

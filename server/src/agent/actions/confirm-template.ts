/**
 * Fills an action's confirmation ("RSVP *{status}* to *{title}* on {startsAt:date}?") from the
 * proposal's arguments and the record it is about. `{name:date}` writes an ISO date-time for
 * people ("Thursday 3 December 2026, 18:30 UTC"). A name with no value stays visible as
 * `{name}`: a wrong template shows, it does not silently say less.
 */
const formatDate = (value: unknown) => {
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  const day = date.toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${day}, ${time} UTC`;
};

export const renderConfirmation = (template: string, values: Record<string, unknown>) =>
  template.replace(/\{(\w+)(?::(date))?\}/g, (whole, name: string, format?: string) => {
    const value = values[name];
    if (value === undefined || value === null || typeof value === 'object') return whole;
    return format === 'date' ? formatDate(value) : String(value).replace(/_/g, ' ');
  });

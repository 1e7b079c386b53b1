/** The device-local calendar day (YYYY-MM-DD) of a moment, in an IANA time zone; "today's leads" use it. */
export function localDayIn(timeZone: string): (d: Date) => string {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    throw new Error(`Unknown time zone "${timeZone}" in device.timezone: use an IANA name such as Europe/Paris or America/New_York.`);
  }
  return (d) => fmt.format(d);
}

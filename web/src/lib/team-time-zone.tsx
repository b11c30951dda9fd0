/**
 * The time zone of the team a page (or a home-page card) is about: where its days begin and end,
 * as the server counts them — "Day N of 92", the dates beside a team's day counts, the "today" a
 * decision or a deferral is checked against. The page that reads the team provides it once
 * (`TeamTimeZoneProvider`); every date and day count below reads it through `useTeamDates()`,
 * never through a prop.
 *
 * The one fallback is `FALLBACK_TIME_ZONE` (UTC): used when the team's zone is not known (an
 * older server leaves it out, the team could not be read, a component outside any team) and when
 * this browser does not know the zone's name. UTC is the zone a team has until one is set, so it
 * is what the server counts in then. Never the reader's own zone: a team's dates must not change
 * with the reader's laptop.
 */
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import {
  dayIn,
  describeCyclePosition,
  FALLBACK_TIME_ZONE,
  formatDateTime,
  formatDay,
  formatShortDay,
  knownTimeZone,
} from './format.js';

const TeamTimeZoneContext = createContext<string>(FALLBACK_TIME_ZONE);

/** Gives the pages below the team's zone; `timeZone` missing (not read yet, older server) is the fallback. */
export function TeamTimeZoneProvider({
  timeZone,
  children,
}: {
  timeZone: string | null | undefined;
  children?: ReactNode;
}) {
  return (
    <TeamTimeZoneContext.Provider value={knownTimeZone(timeZone)}>{children}</TeamTimeZoneContext.Provider>
  );
}

/** The team's dates and day counts, each in the team's time zone. */
export interface TeamDates {
  /** The IANA zone in use (the team's, or the fallback). */
  timeZone: string;
  /** "25 Nov 2026": a calendar day as written, or the team's calendar day of a moment. */
  day(isoOrDay: string): string;
  /** "25 Nov": the team's calendar day of a moment. */
  shortDay(iso: string): string;
  /** "25 Nov 2026, 10:59" on the team's clock. */
  dateTime(iso: string): string;
  /** The team's calendar day at `now` ("2026-11-25"), as the server checks "today" and "future". */
  today(now: Date): string;
  /** "Day 55 of 92", "Starts 1 Jan 2027", "Ended 31 Dec 2026", counted on the team's calendar. */
  cyclePosition(cycle: { start: string; end: string; phase: string }, now: Date): string;
}

/** Binds the date formatters to a zone (what `useTeamDates` returns; tests and lists call it directly). */
export function teamDates(timeZone: string): TeamDates {
  return {
    timeZone,
    day: (isoOrDay) => formatDay(isoOrDay, timeZone),
    shortDay: (iso) => formatShortDay(iso, timeZone),
    dateTime: (iso) => formatDateTime(iso, timeZone),
    today: (now) => dayIn(now, timeZone),
    cyclePosition: (cycle, now) => describeCyclePosition(cycle, now, timeZone),
  };
}

/** The dates of the team this part of the page is about (the fallback zone outside any team). */
export function useTeamDates(): TeamDates {
  const timeZone = useContext(TeamTimeZoneContext);
  return useMemo(() => teamDates(timeZone), [timeZone]);
}

/**
 * The two demo communities and how many generated members each gets. Sizes are uneven on purpose
 * so per-community counts in tests can't be confused with each other.
 */
export type CommunitySpec = { name: string; slug: string; generatedMembers: number; events: number };

export const COMMUNITIES: ReadonlyArray<CommunitySpec> = [
  { name: 'Climate Builders Berlin', slug: 'climate-builders', generatedMembers: 190, events: 32 },
  { name: 'Open Source Makers', slug: 'open-source-makers', generatedMembers: 140, events: 32 },
];

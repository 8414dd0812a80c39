/**
 * Conformance scenarios the members' endpoint does not pass, each with why. Most are written for
 * the suite's reference "everything" server: they call tools, resources and prompts by names only
 * it has (`test_image_content`, `test://static-text`, …). The rest need what a stateless endpoint
 * of community tools does not offer: a server-to-client request (elicitation, sampling) needs the
 * client's answer to reach the same server, which a stateless request cannot wait for.
 */
const REFERENCE_TOOL =
  "calls a tool of the suite's reference server; the community's tools are not test tools";
const NO_PROMPTS = 'the endpoint serves tools and a resource, no prompts (prompts/* is "Method not found")';
const NO_SERVER_REQUESTS =
  'needs a request from the server to the client during the call; this endpoint is stateless, actions use a confirmation token instead';

export const EXPECTED_FAILURES: Record<string, string> = {
  'completion-complete':
    'no prompts or resource templates, so nothing to complete (completion/complete is "Method not found")',
  'logging-set-level': 'the endpoint sends no log messages to clients (no logging capability)',
  'json-schema-2020-12': REFERENCE_TOOL,
  'tools-call-image': REFERENCE_TOOL,
  'tools-call-audio': REFERENCE_TOOL,
  'tools-call-embedded-resource': REFERENCE_TOOL,
  'tools-call-mixed-content': REFERENCE_TOOL,
  'tools-call-with-logging': REFERENCE_TOOL,
  'tools-call-with-progress': `${REFERENCE_TOOL}; a search answers in one step, with no progress to report`,
  'tools-call-sampling': NO_SERVER_REQUESTS,
  'tools-call-elicitation': NO_SERVER_REQUESTS,
  'elicitation-sep1034-defaults': NO_SERVER_REQUESTS,
  'elicitation-sep1330-enums': NO_SERVER_REQUESTS,
  'resources-read-text':
    "reads the reference server's test://static-text; the only resource here is community://me/profile",
  'resources-read-binary':
    "reads the reference server's test://static-binary; the profile resource is JSON text",
  'resources-templates-read': 'no resource templates: a member reads their own profile only',
  'resources-subscribe': 'no subscriptions: a stateless endpoint has no stream to notify on',
  'resources-unsubscribe': 'no subscriptions: a stateless endpoint has no stream to notify on',
  'prompts-list': NO_PROMPTS,
  'prompts-get-simple': NO_PROMPTS,
  'prompts-get-with-args': NO_PROMPTS,
  'prompts-get-embedded-resource': NO_PROMPTS,
  'prompts-get-with-image': NO_PROMPTS,
};

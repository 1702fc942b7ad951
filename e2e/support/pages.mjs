// The pages each demo role visits, shared by the specs that walk every page.

export const USERS = ['pmo', 'steering', 'reviewer', 'cio.ghft', 'cio.gcc'];
export const PATHS = [
  '/',
  '/organisations',
  '/organisations/RTE',
  '/organisations/E10000013',
  '/capabilities',
  '/capabilities/9',
  '/dma',
  '/deployments',
  '/rules',
  '/aims/4d',
  '/trajectories',
  '/trajectories/records',
  '/roadmap',
  '/gaps',
  '/returns',
  '/reports',
  '/account/sessions',
  '/api/v1/docs',
];
/** Pages a CIO may not open (403), visited by everybody else. */
export const STAFF_PATHS = ['/periods', '/audit', '/returns/2016-17-q1/GLOS', '/national'];
/** Pages only the PMO may open (403 for everybody else), visited by the PMO. */
export const PMO_PATHS = ['/api-tokens', '/imports/dma'];
/** The return page each person may read: a CIO only their own organisation's. */
export const RETURN_PATH = { 'cio.gcc': '/returns/2016-17-q1/E10000013' };
export const pathsFor = (user) => [
  ...PATHS,
  ...(user.startsWith('cio.') ? [] : STAFF_PATHS),
  ...(user === 'pmo' ? PMO_PATHS : []),
  RETURN_PATH[user] ?? '/returns/2016-17-q1/RTE',
];

/** '/' -> 'dashboard', '/organisations/RTE' -> 'organisations-RTE' */
export const slug = (path) => path.replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9.]+/g, '-') || 'dashboard';

/**
 * The synthetic footprint `serve --demo` generates (eight quarters), read by the reviewer:
 * its pages by `?footprint=`, then `/national`. An organisation page and a generated return
 * page are added by the spec from the links these pages show (the codes are generated).
 */
export const SYNTHETIC_FOOTPRINT = 'SYN01';
export const SYNTHETIC_PATHS = [
  `/?footprint=${SYNTHETIC_FOOTPRINT}`,
  `/organisations?footprint=${SYNTHETIC_FOOTPRINT}`,
  `/dma?footprint=${SYNTHETIC_FOOTPRINT}`,
  `/deployments?footprint=${SYNTHETIC_FOOTPRINT}`,
  `/gaps?footprint=${SYNTHETIC_FOOTPRINT}`,
  `/capabilities/9?footprint=${SYNTHETIC_FOOTPRINT}`,
  `/trajectories?footprint=${SYNTHETIC_FOOTPRINT}`,
  `/trajectories/records?footprint=${SYNTHETIC_FOOTPRINT}`,
  `/returns?footprint=${SYNTHETIC_FOOTPRINT}`,
  `/aims/9a?footprint=${SYNTHETIC_FOOTPRINT}`,
  `/reports?footprint=${SYNTHETIC_FOOTPRINT}`,
  '/national',
];

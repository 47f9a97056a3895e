import type { Migration } from 'kysely'
import * as m0001 from './20261127_0001_areas.js'
import * as m0002 from './20261127_0002_referrals.js'
import * as m0004 from './20261127_0004_imports.js'
import * as m0005 from './20261127_0005_fast_assignment.js'
import * as m0006 from './20261127_0006_access.js'
import * as m0007 from './20261127_0007_disclosure.js'
import * as m0008 from './20261127_0008_analysis.js'
import * as m0009 from './20261127_0009_border_activity.js'
import * as m0010 from './20261128_0010_analysis_more.js'
import * as m0011 from './20261128_0011_reports.js'
import * as m0012 from './20261128_0012_tiles.js'
import * as m0013 from './20261128_0013_exports.js'
import * as m0015 from './20261128_0015_drawn_areas.js'
import * as m0016 from './20261128_0016_casework_box.js'
import * as m0017 from './20261128_0017_straddling_table.js'
import * as m0018 from './20261203_0018_casework_ids_in_box.js'
import * as m0019 from './20261203_0019_custom_plans.js'
import * as m0020 from './20261203_0020_version_at_commit.js'
import * as m0021 from './20261205_0021_cell_key.js'
import * as m0022 from './20261205_0022_approvals.js'
import * as m0023 from './20261205_0023_audit_pending.js'
import * as m0024 from './20261205_0024_working_boroughs.js'
import * as m0025 from './20261205_0025_tile_one_statement.js'
import * as m0026 from './20261205_0026_hex_one_rounding.js'
import * as m0027 from './20261205_0027_funding_one_pass.js'
import * as m0028 from './20261205_0028_custom_plans_again.js'
import * as m0029 from './20261206_0029_cell_key_sum.js'
import * as m0030 from './20261206_0030_retention_no_empty_delete.js'
import * as m0031 from './20261206_0031_versions_on_rows_changed.js'
import * as m0032 from './20261206_0032_flows_home_semi_join.js'
import * as m0033 from './20261206_0033_counts_kept.js'

/**
 * Every migration, by name, in the order they run. Listed statically so they load the same way
 * under tsx, Vitest and compiled JavaScript. Add new ones at the end; never edit an applied one.
 */
export const migrations: Record<string, Migration> = {
  '20261127_0001_areas': m0001,
  '20261127_0002_referrals': m0002,
  '20261127_0004_imports': m0004,
  '20261127_0005_fast_assignment': m0005,
  '20261127_0006_access': m0006,
  '20261127_0007_disclosure': m0007,
  '20261127_0008_analysis': m0008,
  '20261127_0009_border_activity': m0009,
  '20261128_0010_analysis_more': m0010,
  '20261128_0011_reports': m0011,
  '20261128_0012_tiles': m0012,
  '20261128_0013_exports': m0013,
  '20261128_0015_drawn_areas': m0015,
  '20261128_0016_casework_box': m0016,
  '20261128_0017_straddling_table': m0017,
  '20261203_0018_casework_ids_in_box': m0018,
  '20261203_0019_custom_plans': m0019,
  '20261203_0020_version_at_commit': m0020,
  '20261205_0021_cell_key': m0021,
  '20261205_0022_approvals': m0022,
  '20261205_0023_audit_pending': m0023,
  '20261205_0024_working_boroughs': m0024,
  '20261205_0025_tile_one_statement': m0025,
  '20261205_0026_hex_one_rounding': m0026,
  '20261205_0027_funding_one_pass': m0027,
  '20261205_0028_custom_plans_again': m0028,
  '20261206_0029_cell_key_sum': m0029,
  '20261206_0030_retention_no_empty_delete': m0030,
  '20261206_0031_versions_on_rows_changed': m0031,
  '20261206_0032_flows_home_semi_join': m0032,
  '20261206_0033_counts_kept': m0033,
}

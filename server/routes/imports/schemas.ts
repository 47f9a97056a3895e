import { Type } from 'typebox'
import { StringEnum } from '../../schemas/common.js'
import { JOB_STATUSES } from '../../imports/jobs.repository.js'

export const ImportErrorSchema = Type.Object({
  row: Type.Integer({ description: 'CSV: the row as a spreadsheet numbers it (header = row 1). GeoJSON: 1-based feature position. 0 = the file as a whole.' }),
  field: Type.String(),
  message: Type.String(),
})

export const ImportJobSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fileName: Type.String(),
  format: StringEnum(['csv', 'geojson'] as const),
  status: StringEnum(JOB_STATUSES),
  phase: Type.Union([Type.String({ description: 'queued, reading, checking, writing or done' }), Type.Null()]),
  processed: Type.Integer({ description: 'Data rows read so far' }),
  inserted: Type.Integer({ description: 'Referrals created' }),
  updated: Type.Integer({ description: 'Existing referrals (same external_id) whose fields or locations the file replaced' }),
  unchanged: Type.Integer({ description: 'Existing referrals identical to the file' }),
  locations: Type.Integer({ description: 'Located events written' }),
  errorCount: Type.Integer({ description: 'All errors found; `errors` lists the first 1000 by row' }),
  errors: Type.Array(ImportErrorSchema),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})

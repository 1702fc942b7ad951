#!/usr/bin/env bash
# The DMA import on England (issue 13): a national file of 250 organisations by 50 themes
# (12,500 scores, long layout) imported with `ldr import dma`, as a dry run (read + preview),
# for real (read + preview + write in one transaction), then again (nothing to change).
#
#   bash bench/import_dma.sh target/release/ldr bench/data/run.sqlite
#
# England's frameworks have 14 and 7 themes, so a 50-theme framework (BENCH50, in force from
# 2015/16) is added to the copy first. Called by bench/run.sh; works on any generated copy.
set -euo pipefail
LDR="$1"
DB="$2"
QUARTER="${BENCH_IMPORT_QUARTER:-2025-26-q4}"
FILE="$(dirname "$DB")/dma-national.csv"
command -v sqlite3 >/dev/null || { sudo -n apt-get install -y sqlite3 2>/dev/null || apt-get install -y sqlite3; }

sqlite3 "$DB" <<'SQL'
INSERT OR IGNORE INTO assessment_frameworks (code, name, version, scale_min, scale_max, scale_step, unit, in_force_from)
VALUES ('BENCH50', 'Bench framework of 50 themes', 'bench', 0, 100, 1, 'percent', '2015-16-q1');
INSERT OR IGNORE INTO framework_kinds (framework_id, kind)
SELECT f.id, k.code FROM assessment_frameworks f, organisation_kinds k WHERE f.code = 'BENCH50' AND k.code <> 'primary_care';
INSERT OR IGNORE INTO theme_groups (framework_id, code, name, position)
SELECT id, 'all', 'All themes', 1 FROM assessment_frameworks WHERE code = 'BENCH50';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
INSERT OR IGNORE INTO themes (framework_id, group_id, code, name, position)
SELECT f.id, g.id, 'theme-' || n.i, 'Bench theme ' || n.i, n.i
FROM n, assessment_frameworks f JOIN theme_groups g ON g.framework_id = f.id WHERE f.code = 'BENCH50';
SQL

# 250 organisations the framework assesses, every theme, a score from the codes (repeatable).
sqlite3 -csv -header "$DB" "
  SELECT o.code AS 'ODS code', t.name AS 'Theme', (length(o.code) * 37 + t.position * 13 + o.id) % 101 AS 'Score'
  FROM (SELECT id, code FROM organisations WHERE kind <> 'primary_care' AND parent_id IS NULL ORDER BY id LIMIT 250) o,
       themes t JOIN assessment_frameworks f ON f.id = t.framework_id AND f.code = 'BENCH50'
  ORDER BY o.id, t.position" > "$FILE"
echo "== DMA import: $(($(wc -l < "$FILE") - 1)) scores ($(du -k "$FILE" | cut -f1) KB) for $QUARTER"
run() {
  local start file="$1" framework="$2" quarter="$3"
  shift 3
  start=$(date +%s%N)
  LDR_LOG=warn "$LDR" import dma "$file" --framework "$framework" --quarter "$quarter" --database "$DB" "$@" \
    | grep -E "to add|ms|Nothing|Imported" | tr '\n' ' '
  echo "| whole command: $(( ($(date +%s%N) - start) / 1000000 )) ms"
}
echo -n "dry run:  "; run "$FILE" BENCH50 "$QUARTER" --dry-run
echo -n "import:   "; run "$FILE" BENCH50 "$QUARTER"
echo -n "again:    "; run "$FILE" BENCH50 "$QUARTER"

# The same organisations on the 2016 DMA (14 themes), judged against the generated history:
# here the scores standing as at the quarter are read from every earlier quarter's rows.
OLD="$(dirname "$DB")/dma-national-2016.csv"
OLD_QUARTER="${BENCH_IMPORT_OLD_QUARTER:-2019-20-q4}"
sqlite3 -csv -header "$DB" "
  SELECT o.code AS 'ODS code', t.name AS 'Theme', (length(o.code) * 37 + t.position * 13 + o.id) % 101 AS 'Score'
  FROM (SELECT o.id, o.code FROM organisations o JOIN framework_kinds k ON k.kind = o.kind
        JOIN assessment_frameworks f ON f.id = k.framework_id AND f.code = 'DMA2016'
        WHERE o.parent_id IS NULL ORDER BY o.id LIMIT 250) o,
       themes t JOIN assessment_frameworks f ON f.id = t.framework_id AND f.code = 'DMA2016'
  ORDER BY o.id, t.position" > "$OLD"
echo "== DMA import: $(($(wc -l < "$OLD") - 1)) scores on DMA2016 for $OLD_QUARTER, against the generated history"
echo -n "dry run:  "; run "$OLD" DMA2016 "$OLD_QUARTER" --dry-run
echo -n "import:   "; run "$OLD" DMA2016 "$OLD_QUARTER"

-- landing.rejects: adds the rejected lines (view ${rejects}) it does not hold yet, so a rerun
-- over the same files quarantines nothing twice.
merge into ${landing.rejects} as t
using ${rejects} as r
  on t.source_file = r.source_file
  and t.source_checksum = r.source_checksum
  and t.line_number = r.line_number
when not matched then insert *

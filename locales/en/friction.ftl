# issue 17, friction: an office (municipal) curator's menu has schools, not a bank of its own
q-completed-municipal-curator = Thank you! Your curator profile is saved. The office menu has the schools, invite links, surveys and reports; each school's bank of mentors and mentees opens from “🏫 Schools” → the school.
curator-new-member-office = New participant in “{ $org }”: <b>{ $name }</b> — { $role }. Questionnaire completed. The school has no curator of its own yet; its bank is in the menu: “🏫 Schools” → “{ $org }”.

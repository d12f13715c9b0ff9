# The organization menu: time zones by city, the next step (issue 17, friction)
tz-kaliningrad = Kaliningrad
tz-moscow = Moscow
tz-simferopol = Simferopol
tz-kirov = Kirov
tz-volgograd = Volgograd
tz-astrakhan = Astrakhan
tz-saratov = Saratov
tz-ulyanovsk = Ulyanovsk
tz-samara = Samara
tz-yekaterinburg = Yekaterinburg
tz-omsk = Omsk
tz-novosibirsk = Novosibirsk
tz-barnaul = Barnaul
tz-tomsk = Tomsk
tz-novokuznetsk = Novokuznetsk
tz-krasnoyarsk = Krasnoyarsk
tz-irkutsk = Irkutsk
tz-chita = Chita
tz-yakutsk = Yakutsk
tz-khandyga = Khandyga
tz-vladivostok = Vladivostok
tz-ust-nera = Ust-Nera
tz-magadan = Magadan
tz-sakhalin = Yuzhno-Sakhalinsk
tz-srednekolymsk = Srednekolymsk
tz-kamchatka = Petropavlovsk-Kamchatsky
tz-anadyr = Anadyr
next-step-invite = 👉 <b>What's next:</b> invite participants — send them invite links.
next-step-confirm = 👉 <b>What's next:</b> { $count ->
        [one] { $count } pair waits to be confirmed
       *[other] { $count } pairs wait to be confirmed
    }.
next-step-submit = 👉 <b>What's next:</b> { $count ->
        [one] { $count } agreed pair waits
       *[other] { $count } agreed pairs wait
    } to be sent to the head for approval.
next-step-pair = 👉 <b>What's next:</b> { $count ->
        [one] { $count } mentee without a pair
       *[other] { $count } mentees without a pair
    } — form pairs.

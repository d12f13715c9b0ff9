# The organization menu: time zones by city, the next step (issue 17, friction)
tz-kaliningrad = Калининград
tz-moscow = Москва
tz-simferopol = Симферополь
tz-kirov = Киров
tz-volgograd = Волгоград
tz-astrakhan = Астрахань
tz-saratov = Саратов
tz-ulyanovsk = Ульяновск
tz-samara = Самара
tz-yekaterinburg = Екатеринбург
tz-omsk = Омск
tz-novosibirsk = Новосибирск
tz-barnaul = Барнаул
tz-tomsk = Томск
tz-novokuznetsk = Новокузнецк
tz-krasnoyarsk = Красноярск
tz-irkutsk = Иркутск
tz-chita = Чита
tz-yakutsk = Якутск
tz-khandyga = Хандыга
tz-vladivostok = Владивосток
tz-ust-nera = Усть-Нера
tz-magadan = Магадан
tz-sakhalin = Южно-Сахалинск
tz-srednekolymsk = Среднеколымск
tz-kamchatka = Петропавловск-Камчатский
tz-anadyr = Анадырь
next-step-invite = 👉 <b>Что дальше:</b> пригласите участников — отправьте им ссылки-приглашения.
next-step-confirm = 👉 <b>Что дальше:</b> { $count ->
        [one] { $count } пара ждёт закрепления
        [few] { $count } пары ждут закрепления
       *[many] { $count } пар ждут закрепления
    }.
next-step-submit = 👉 <b>Что дальше:</b> { $count ->
        [one] { $count } согласованная пара ждёт отправки
        [few] { $count } согласованные пары ждут отправки
       *[many] { $count } согласованных пар ждут отправки
    } на утверждение руководителю.
next-step-pair = 👉 <b>Что дальше:</b> { $count ->
        [one] { $count } наставляемый без пары
        [few] { $count } наставляемых без пары
       *[many] { $count } наставляемых без пары
    } — подберите пары.

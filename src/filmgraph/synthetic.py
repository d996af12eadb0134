"""Synthetic documents in the seed layout, with the ground truth of what each one states.

``document(i, seed)`` writes document number i as a film-analysis site would, and
``truth(i, seed)`` says exactly what that document states (title, people, genres,
themes, motifs, questions, date, countries, runtime, rating, money, tagline). Both come
from one generator (``_film``), so they cannot disagree; ``write_corpus`` and
``write_truth`` put a corpus and its truth on disk for benchmarks and tests.

The corpus has the variety of real film pages: titles that begin with numbers or
carry colons, commas, apostrophes, question marks, accents and non-Latin letters;
titles that are a genre or a theme name; remakes (one title, another year);
original-language titles; themes written in title case with the separators lost,
shared across films with Zipf-like frequencies and also seen once only; several
countries and directors; and fields left out. People, genres, themes, motifs and
questions recur from fixed pools, as in a real corpus, so that a build exercises node
sharing. Everything is deterministic from (index, seed).
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import random
from functools import lru_cache
from pathlib import Path
from typing import Any

from .splitting import TMDB_GENRES

# ---------------------------------------------------------------------------------------
# Titles

#: Real film titles as (title, years, original-language title or "").  A title listed
#: with several years is a remake; the original title goes on the document's 4th line.
_REAL_TITLES: list[tuple[str, tuple[int, ...], str]] = [
    ("12 Angry Men", (1957, 1997), ""),
    ("2001: A Space Odyssey", (1968,), ""),
    ("20,000 Leagues Under the Sea", (1916, 1954), ""),
    ("3:10 to Yuma", (1957, 2007), ""),
    ("10,000 B.C.", (2008,), ""),
    ("42nd Street", (1933,), ""),
    ("15 Minutes", (2001,), ""),
    ("88 Minutes", (2007,), ""),
    ("1917", (2019,), ""),
    ("2046", (2004,), ""),
    ("8½", (1963,), ""),
    ("8 Women", (2002,), "8 femmes"),
    ("8 Mile", (2002,), ""),
    ("21 Grams", (2003,), ""),
    ("127 Hours", (2010,), ""),
    ("300", (2006,), ""),
    ("28 Days Later", (2002,), ""),
    ("50 First Dates", (2004,), ""),
    ("10 Things I Hate About You", (1999,), ""),
    ("13 Going on 30", (2004,), ""),
    ("4 Months, 3 Weeks and 2 Days", (2007,), "4 luni, 3 săptămâni și 2 zile"),
    ("The 400 Blows", (1959,), "Les Quatre Cents Coups"),
    ("9 to 5", (1980,), ""),
    ("1408", (2007,), ""),
    ("2012", (2009,), ""),
    ("12 Years a Slave", (2013,), ""),
    ("24 Hour Party People", (2002,), ""),
    ("1984", (1956, 1984), ""),
    ("47 Ronin", (2013,), ""),
    ("101 Dalmatians", (1996,), ""),
    ("5 Centimeters per Second", (2007,), "秒速5センチメートル"),
    ("10 Cloverfield Lane", (2016,), ""),
    ("13 Assassins", (2010,), "十三人の刺客"),
    ("3 Idiots", (2009,), ""),
    ("3-Iron", (2004,), "빈집"),
    ("20th Century Women", (2016,), ""),
    ("99 Homes", (2014,), ""),
    ("'71", (2014,), ""),
    ("Se7en", (1995,), ""),
    ("1900", (1976,), "Novecento"),
    ("1941", (1979,), ""),
    ("9", (2009,), ""),
    ("25th Hour", (2002,), ""),
    ("16 Blocks", (2006,), ""),
    ("2:22", (2017,), ""),
    ("12:08 East of Bucharest", (2006,), "A fost sau n-a fost?"),
    ("3 Women", (1977,), ""),
    ("10", (1979,), ""),
    ("10 Rillington Place", (1971,), ""),
    ("The 39 Steps", (1935, 1959, 1978), ""),
    ("5 Broken Cameras", (2011,), ""),
    ("13th", (2016,), ""),
    ("(500) Days of Summer", (2009,), ""),
    ("Cléo from 5 to 7", (1962,), "Cléo de 5 à 7"),
    ("Blade Runner 2049", (2017,), ""),
    ("Apollo 13", (1995,), ""),
    ("Star Wars: Episode IV – A New Hope", (1977,), ""),
    ("Mission: Impossible", (1996,), ""),
    ("Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb", (1964,), ""),
    ("Birdman or (The Unexpected Virtue of Ignorance)", (2014,), ""),
    ("Mad Max: Fury Road", (2015,), ""),
    ("Terminator 2: Judgment Day", (1991,), ""),
    ("Ghost Dog: The Way of the Samurai", (1999,), ""),
    ("The Lord of the Rings: The Fellowship of the Ring", (2001,), ""),
    ("Schindler's List", (1993,), ""),
    ("Ocean's Eleven", (1960, 2001), ""),
    ("Pan's Labyrinth", (2006,), "El laberinto del fauno"),
    ("One Flew Over the Cuckoo's Nest", (1975,), ""),
    ("Rosemary's Baby", (1968,), ""),
    ("Howl's Moving Castle", (2004,), "ハウルの動く城"),
    ("Sophie's Choice", (1982,), ""),
    ("Singin' in the Rain", (1952,), ""),
    ("Breakfast at Tiffany's", (1961,), ""),
    ("Kiki's Delivery Service", (1989,), "魔女の宅急便"),
    ("The King's Speech", (2010,), ""),
    ("Boys Don't Cry", (1999,), ""),
    ("Don't Look Now", (1973,), ""),
    ("It's a Wonderful Life", (1946,), ""),
    ("Rosencrantz & Guildenstern Are Dead", (1990,), ""),
    ("Harry Potter and the Philosopher's Stone", (2001,), ""),
    ("Who's Afraid of Virginia Woolf?", (1966,), ""),
    ("Where Is the Friend's House?", (1987,), "خانه دوست کجاست؟"),
    ("What Ever Happened to Baby Jane?", (1962,), ""),
    ("They Shoot Horses, Don't They?", (1969,), ""),
    ("O Brother, Where Art Thou?", (2000,), ""),
    ("Dude, Where's My Car?", (2000,), ""),
    ("Shall We Dance?", (1996,), "Shall we ダンス?"),
    ("Shall We Dance", (1937, 2004), ""),
    ("Guess Who's Coming to Dinner", (1967,), ""),
    ("Paris, Texas", (1984,), ""),
    ("Good Night, and Good Luck.", (2005,), ""),
    ("Sex, Lies, and Videotape", (1989,), ""),
    ("Crazy, Stupid, Love.", (2011,), ""),
    ("Synecdoche, New York", (2008,), ""),
    ("Spring, Summer, Fall, Winter... and Spring", (2003,), "봄 여름 가을 겨울 그리고 봄"),
    ("Lock, Stock and Two Smoking Barrels", (1998,), ""),
    ("I, Daniel Blake", (2016,), ""),
    ("I, Tonya", (2017,), ""),
    ("Me, Myself & Irene", (2000,), ""),
    ("Aguirre, the Wrath of God", (1972,), "Aguirre, der Zorn Gottes"),
    ("Crouching Tiger, Hidden Dragon", (2000,), "臥虎藏龍"),
    ("The Good, the Bad and the Ugly", (1966,), "Il buono, il brutto, il cattivo"),
    ("Airplane!", (1980,), ""),
    ("Oklahoma!", (1955,), ""),
    ("Mamma Mia!", (2008,), ""),
    ("Tora! Tora! Tora!", (1970,), ""),
    ("Hail, Caesar!", (2016,), ""),
    ("mother!", (2017,), ""),
    ("千と千尋の神隠し", (2001,), ""),
    ("Spirited Away", (2001,), "千と千尋の神隠し"),
    ("Амели", (2001,), "Le Fabuleux Destin d'Amélie Poulain"),
    ("Amélie", (2001,), "Le Fabuleux Destin d'Amélie Poulain"),
    ("기생충", (2019,), ""),
    ("Parasite", (2019,), "기생충"),
    ("七人の侍", (1954,), ""),
    ("Seven Samurai", (1954,), "七人の侍"),
    ("Сталкер", (1979,), ""),
    ("Stalker", (1979,), "Сталкер"),
    ("Solaris", (1972, 2002), "Солярис"),
    ("Андрей Рублёв", (1966,), ""),
    ("Leviathan", (2014,), "Левиафан"),
    ("Dogtooth", (2009,), "Κυνόδοντας"),
    ("A Separation", (2011,), "جدایی نادر از سیمین"),
    ("In the Mood for Love", (2000,), "花樣年華"),
    ("Raise the Red Lantern", (1991,), "大红灯笼高高挂"),
    ("Oldboy", (2003, 2013), "올드보이"),
    ("Tokyo Story", (1953,), "東京物語"),
    ("Rashomon", (1950,), "羅生門"),
    ("Ikiru", (1952,), "生きる"),
    ("Pather Panchali", (1955,), "পথের পাঁচালী"),
    ("Devdas", (1955, 2002), "देवदास"),
    ("Amores Perros", (2000,), ""),
    ("The Lives of Others", (2006,), "Das Leben der Anderen"),
    ("Run Lola Run", (1998,), "Lola rennt"),
    ("The Intouchables", (2011,), "Intouchables"),
    ("The Hunt", (2012,), "Jagten"),
    ("Let the Right One In", (2008,), "Låt den rätte komma in"),
    ("Wild Strawberries", (1957,), "Smultronstället"),
    ("The Seventh Seal", (1957,), "Det sjunde inseglet"),
    ("Bicycle Thieves", (1948,), "Ladri di biciclette"),
    ("La Dolce Vita", (1960,), ""),
    ("Cinema Paradiso", (1988,), "Nuovo Cinema Paradiso"),
    ("Life Is Beautiful", (1997,), "La vita è bella"),
    ("Ponyo", (2008,), "崖の上のポニョ"),
    ("Princess Mononoke", (1997,), "もののけ姫"),
    ("Shoplifters", (2018,), "万引き家族"),
    ("Burning", (2018,), "버닝"),
    ("Mother", (2009,), "마더"),
    ("Léon", (1994,), ""),
    ("La Haine", (1995,), ""),
    ("Le Samouraï", (1967,), ""),
    ("Y Tu Mamá También", (2001,), ""),
    ("Das Boot", (1981,), ""),
    ("Cidade de Deus", (2002,), ""),
    ("Sátántangó", (1994,), ""),
    ("Ida", (2013,), ""),
    ("Black Book", (2006,), "Zwartboek"),
    ("Wings of Desire", (1987,), "Der Himmel über Berlin"),
    ("Infernal Affairs", (2002,), "無間道"),
    ("Godzilla", (1954, 1998, 2014), "ゴジラ"),
    ("Godzilla Minus One", (2023,), "ゴジラ-1.0"),
    ("Akira", (1988,), "AKIRA"),
    ("Ghost in the Shell", (1995, 2017), "攻殻機動隊"),
    ("Your Name.", (2016,), "君の名は。"),
    ("Grave of the Fireflies", (1988,), "火垂るの墓"),
    ("My Neighbor Totoro", (1988,), "となりのトトロ"),
    ("Drive My Car", (2021,), "ドライブ・マイ・カー"),
    ("Decision to Leave", (2022,), "헤어질 결심"),
    ("The Handmaiden", (2016,), "아가씨"),
    ("Snowpiercer", (2013,), "설국열차"),
    ("Portrait of a Lady on Fire", (2019,), "Portrait de la jeune fille en feu"),
    ("Anatomy of a Fall", (2023,), "Anatomie d'une chute"),
    ("Cold War", (2018,), "Zimna wojna"),
    ("All Quiet on the Western Front", (1930, 2022), "Im Westen nichts Neues"),
    ("Breathless", (1960, 1983), "À bout de souffle"),
    ("Three Colors: Blue", (1993,), "Trois couleurs : Bleu"),
    ("Au revoir les enfants", (1987,), ""),
    ("Hiroshima mon amour", (1959,), ""),
    ("Être et avoir", (2002,), ""),
    ("The Cabinet of Dr. Caligari", (1920,), "Das Cabinet des Dr. Caligari"),
    ("Nosferatu", (1922, 2024), ""),
    ("Metropolis", (1927,), ""),
    ("M", (1931, 1951), ""),
    ("Z", (1969,), ""),
    ("W.", (2008,), ""),
    ("π", (1998,), ""),
    ("It", (1990, 2017), ""),
    ("Us", (2019,), ""),
    ("Up", (2009,), ""),
    ("Ran", (1985,), "乱"),
    ("WALL·E", (2008,), ""),
    ("Tár", (2022,), ""),
    ("All About My Mother", (1999,), "Todo sobre mi madre"),
    ("Talk to Her", (2002,), "Hable con ella"),
    ("Pain and Glory", (2019,), "Dolor y gloria"),
    ("Open Your Eyes", (1997,), "Abre los ojos"),
    ("The Secret in Their Eyes", (2009,), "El secreto de sus ojos"),
    ("Wild Tales", (2014,), "Relatos salvajes"),
    ("Central Station", (1998,), "Central do Brasil"),
    ("Like Water for Chocolate", (1992,), "Como agua para chocolate"),
    ("Embrace of the Serpent", (2015,), "El abrazo de la serpiente"),
    ("Les Misérables", (1935, 1998, 2012), ""),
    ("A Star Is Born", (1937, 1954, 1976, 2018), ""),
    ("Little Women", (1933, 1949, 1994, 2019), ""),
    ("King Kong", (1933, 1976, 2005), ""),
    ("West Side Story", (1961, 2021), ""),
    ("Scarface", (1932, 1983), ""),
    ("Cape Fear", (1962, 1991), ""),
    ("The Fly", (1958, 1986), ""),
    ("Suspiria", (1977, 2018), ""),
    ("True Grit", (1969, 2010), ""),
    ("Insomnia", (1997, 2002), ""),
    ("Funny Games", (1997, 2007), ""),
    ("Psycho", (1960, 1998), ""),
    ("Dune", (1984, 2021), ""),
    ("Ben-Hur", (1959, 2016), ""),
    ("RoboCop", (1987, 2014), ""),
    ("Halloween", (1978, 2007, 2018), ""),
    ("The Wicker Man", (1973, 2006), ""),
    ("Hamlet", (1948, 1990, 1996), ""),
    ("Macbeth", (1948, 1971, 2015), ""),
    ("Pride & Prejudice", (2005,), ""),
    ("Pride and Prejudice", (1940,), ""),
    ("Emma.", (2020,), ""),
    ("Emma", (1996,), ""),
    ("Wuthering Heights", (1939, 1992, 2011), ""),
    ("The Great Gatsby", (1974, 2013), ""),
    ("Murder on the Orient Express", (1974, 2017), ""),
    ("Crime and Punishment", (1935, 1970), "Преступление и наказание"),
    ("War and Peace", (1956, 1966), "Война и мир"),
    ("Love and Death", (1975,), ""),
    ("Sense and Sensibility", (1995,), ""),
    ("The Human Condition", (1959,), "人間の條件"),
    ("Western", (1997,), ""),
    ("Romance", (1999,), ""),
    ("Thriller", (1973,), ""),
    ("Horror", (2015,), ""),
    ("War", (2019,), ""),
    ("Music", (2021,), ""),
    ("Family", (2018,), ""),
    ("Mystery", (2012,), "浮城谜事"),
    ("Survival", (1989,), ""),
    ("Redemption", (2013,), ""),
    ("Obsession", (1976,), ""),
    ("Betrayal", (1983,), ""),
    ("Identity", (2003,), ""),
    ("Vengeance", (2009,), "復仇"),
    ("Greed", (1924, 2019), ""),
    ("Nostalgia", (1983, 2018), "Nostalghia"),
    ("Desire", (1936,), ""),
    ("Memory", (2022,), ""),
    ("Isolation", (2005,), ""),
    ('"Crocodile" Dundee', (1986,), ""),
    ("Mr. Smith Goes to Washington", (1939,), ""),
    ("Dr. No", (1962,), ""),
    ("Mulholland Dr.", (2001,), ""),
    ("Eternal Sunshine of the Spotless Mind", (2004,), ""),
    ("Once Upon a Time in the West", (1968,), "C'era una volta il West"),
    ("Once Upon a Time... in Hollywood", (2019,), ""),
    ("Everything Everywhere All at Once", (2022,), ""),
    ("Citizen Kane", (1941,), ""),
    ("Vertigo", (1958,), ""),
    ("Casablanca", (1942,), ""),
    ("The Godfather", (1972,), ""),
    ("The Godfather Part II", (1974,), ""),
    ("Taxi Driver", (1976,), ""),
    ("Alien", (1979,), ""),
    ("Blade Runner", (1982,), ""),
    ("Fargo", (1996,), ""),
    ("Magnolia", (1999,), ""),
    ("Memento", (2000,), ""),
    ("Arrival", (2016,), ""),
    ("Moonlight", (2016,), ""),
    ("Whiplash", (2014,), ""),
    ("Ex Machina", (2014,), ""),
    ("Children of Men", (2006,), ""),
    ("No Country for Old Men", (2007,), ""),
    ("There Will Be Blood", (2007,), ""),
    ("Lost in Translation", (2003,), ""),
    ("Requiem for a Dream", (2000,), ""),
    ("Get Out", (2017,), ""),
    ("Lady Bird", (2017,), ""),
    ("Past Lives", (2023,), ""),
    ("Aftersun", (2022,), ""),
    ("The Zone of Interest", (2023,), ""),
    ("Perfect Days", (2023,), ""),
    ("Sunset Boulevard", (1950,), ""),
    ("All About Eve", (1950,), ""),
    ("The Tree of Life", (2011,), ""),
    ("Under the Skin", (2013,), ""),
    ("The Power of the Dog", (2021,), ""),
    ("Triangle of Sadness", (2022,), ""),
]

# Pools for generated titles (each pattern is filled by a bijection of the document
# number, so no two generated documents share a title).
_T_ADJ = ["Silent", "Last", "Hidden", "Broken", "Golden", "Long", "Quiet", "Lost", "Crimson", "Forgotten",
          "Burning", "Frozen", "Endless", "Secret", "Hollow", "Distant", "Pale", "Wild", "Narrow", "Bitter",
          "Sleeping", "Drowned", "Velvet", "Shattered", "Restless", "Invisible", "Northern", "Little", "Empty",
          "Final", "Salt", "Stolen", "Blind", "Iron", "Paper", "Glass", "Midnight", "Second", "Cold", "Sweet"]
_T_NOUN = ["Harbor", "Summer", "Garden", "River", "House", "Winter", "Road", "Mountain", "Orchard", "Lighthouse",
           "Station", "Kingdom", "Frontier", "Island", "Coast", "Valley", "Hour", "Season", "Crossing", "Shore",
           "Bridge", "Field", "City", "Tide", "Signal", "Inheritance", "Witness", "Daughter", "Stranger", "Hunter",
           "Promise", "Letter", "Voyage", "Empire", "Shadow", "Circus", "Hotel", "Mirror", "Orbit", "Silence"]
_T_PLURAL = ["Daughters", "Sons", "Ghosts", "Thieves", "Wolves", "Sisters", "Brothers", "Children", "Lovers",
             "Saints", "Strangers", "Kings", "Soldiers", "Dreamers", "Angels", "Widows", "Orphans", "Liars",
             "Rivers", "Birds", "Lanterns", "Winters", "Summers", "Nights", "Days", "Miles", "Doors", "Letters",
             "Steps", "Seconds", "Years", "Hours", "Lives", "Horses", "Bullets", "Roses"]
_T_OF = ["Tide", "Storm", "Moon", "Desert", "Forest", "North", "Dead", "Sea", "Night", "Revolution", "Flood",
         "Empire", "Harvest", "Wind", "Mountain", "Lake", "Border", "Fire", "Rain", "Republic"]
_T_NUM = ["2", "3", "4", "5", "6", "7", "9", "11", "12", "13", "17", "19", "21", "23", "27", "33", "40", "47",
          "52", "64", "77", "99", "100", "101", "300", "451", "1,000", "10,000", "100,000"]
_T_ORDINAL = ["1st", "2nd", "3rd", "4th", "5th", "7th", "9th", "11th", "13th", "17th", "21st", "22nd", "33rd",
              "42nd", "51st", "99th"]
_T_ORD_NOUN = ["Street", "Avenue", "Precinct", "Floor", "Parallel", "Hour", "Summer", "Day", "Winter", "Circle",
               "Commandment", "Victim", "Company", "Battalion", "Kind"]
_T_CITY = ["Paris", "Lisbon", "Berlin", "Naples", "Tokyo", "Havana", "Cairo", "Warsaw", "Dublin", "Oslo",
           "Marseille", "Montréal", "São Paulo", "Zürich", "Kraków", "Reykjavík", "Seville", "Bogotá", "Tbilisi",
           "Odessa", "Lagos", "Manila", "Córdoba", "Trieste"]
_T_REGION = ["Texas", "Ohio", "Nevada", "Montana", "Kansas", "Oregon", "Maine", "Alabama", "Arizona", "Idaho",
             "Vermont", "Kentucky", "Georgia", "Nebraska", "Utah", "Wyoming"]
_T_QUESTION = ["Who Killed", "Where Is", "Whatever Happened to", "Who Is", "What About", "Who Loves",
               "Why Not", "Who Saw", "Where Did You Go,"]
_T_WORD = ["Ashfall", "Nightfall", "Riptide", "Undertow", "Daybreak", "Aftermath", "Homecoming", "Landfall",
           "Wildfire", "Overdrive", "Eclipse", "Exodus", "Requiem", "Vertigo", "Meridian", "Solstice", "Exile",
           "Tempest", "Afterglow", "Crossfire"]
_T_SEASON = ["Summer", "Winter", "Spring", "Autumn", "Class", "Spirit", "Ghosts", "Angels", "Boys", "Girls"]
_T_PLACE_IN = ["Lisbon", "Tangier", "the Dark", "the Rain", "Winter", "Havana", "the Valley", "Purgatory",
               "Paradise", "the Attic", "Istanbul", "Marrakesh", "the Snow", "the City", "Saigon", "Venice"]
_T_SUBJECT = ["Winter", "Night", "Week", "Summer", "Wedding", "Funeral", "Heist", "Year", "Love", "Death",
              "Murder", "Miracle", "Season", "Mystery", "Ghost"]
_JP_A = ["海", "夏", "雨", "影", "月", "風", "夜", "雪", "星", "花", "空", "森", "川", "街"]
_JP_B = ["記憶", "約束", "家族", "物語", "手紙", "彼方", "記録", "祈り", "行方", "名前", "音", "歌", "庭", "声"]
_RU_A = ["Тихий", "Белый", "Последний", "Долгий", "Холодный", "Чужой", "Золотой", "Горький"]
_RU_B = ["Дом", "Берег", "Сад", "Путь", "Город", "Ветер", "Брат", "Сон"]
_FR_NOUN = ["Le Silence", "Le Mystère", "Le Voyage", "Le Secret", "La Rivière", "La Maison", "La Fête",
            "La Mémoire", "La Tempête", "Les Enfants", "L'Été", "Les Amants"]
_FR_OF = ["d'été", "d'hiver", "du dimanche", "de minuit", "des autres", "sans fin", "de Marseille", "du phare",
          "de la mer", "de l'aube"]
_ES_NOUN = ["El Silencio", "El Camino", "El Viaje", "El Secreto", "El Río", "La Casa", "La Memoria",
            "La Tormenta", "Los Niños", "La Frontera"]
_ES_OF = ["de verano", "del invierno", "sin fin", "de medianoche", "del faro", "de los otros", "del sur"]
_ROMAN = ["", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


#: Generated title patterns: (pools, how a choice from each pool makes the title).
_PATTERNS: list[tuple[list[list[str]], Any]] = [
    ([_T_ADJ, _T_NOUN], lambda a, n: f"The {a} {n}"),
    ([_T_PLURAL, _T_OF], lambda p, o: f"{p} of the {o}"),
    ([_T_NUM, _T_PLURAL], lambda n, p: f"{n} {p}"),
    ([_T_NUM, _T_PLURAL, _T_PLACE_IN], lambda n, p, w: f"{n} {p} in {w}"),
    ([["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"], ["05", "10", "15", "20", "30", "45", "50"],
      _T_CITY], lambda h, m, c: f"{h}:{m} to {c}"),
    ([_T_ORDINAL, _T_ORD_NOUN], lambda o, n: f"{'The ' if n in ('Victim', 'Kind', 'Commandment') else ''}{o} {n}"),
    ([[str(y) for y in range(1100, 2200)]], lambda y: y),
    ([_T_SEASON, [f"{y:02d}" for y in range(100)]], lambda s, y: f"{s} of '{y}"),
    ([_unique(["Margot", "Nora", "Elena", "Tomás", "Jonah", "Ruth", "Dmitri", "Inès", "Kenji", "Amara", "Oskar",
               "Lucía", "Henrik", "Maud", "Farid", "Saoirse"]), _T_NOUN], lambda p, n: f"{p}'s {n}"),
    ([_T_CITY, _T_REGION], lambda c, r: f"{c}, {r}"),
    ([_T_QUESTION, ["Nora Lind", "Harry Vane", "Baby Rose", "Mr. Kessler", "Anna Petrova", "Tom Ashby",
                    "Lucía Marín", "Little Joe", "Father Brennan", "the Bride", "Dr. Amsel", "Mrs. Hale"]],
     lambda q, n: f"{q} {n}?"),
    ([_T_WORD, _T_ADJ, _T_NOUN], lambda w, a, n: f"{w}: The {a} {n}"),
    ([_T_ADJ, _T_NOUN], lambda a, n: f"{a} {n}"),
    ([["A", "One", "The Last", "Another"], _T_SUBJECT, _T_PLACE_IN], lambda a, s, p: f"{a} {s} in {p}"),
    ([_JP_A, _JP_B], lambda a, b: f"{a}の{b}"),
    ([_RU_A, _RU_B], lambda a, b: f"{a} {b}"),
    ([_FR_NOUN, _FR_OF], lambda n, o: f"{n} {o}"),
]
for _pools, _ in _PATTERNS:
    assert all(len(set(pool)) == len(pool) for pool in _pools), _pools
#: How often each pattern comes, per 40 generated titles.
_PATTERN_CYCLE = [0] * 8 + [1] * 4 + [2] + [3] + [4] + [5] + [6] + [7] + [8] * 3 + [9] * 2 + [10] * 2 \
    + [11] * 3 + [12] * 6 + [13] * 3 + [14] + [15] + [16]
assert len(_PATTERN_CYCLE) == 40

# ---------------------------------------------------------------------------------------
# Themes, as film-analysis sites write them (title case), most common first.

_THEMES = """
Identity
Love and Loss
Redemption
Grief
The Search for Identity
Family
Isolation
Moral Ambiguity
Survival
Power and Corruption
Memory
Guilt and Redemption
Betrayal
Loneliness
Coming of Age
The Nature of Love and Relationships
Ambition
Revenge
Class Struggle
Trauma
Sacrifice
Freedom
Mortality
Belonging
Free Will
The Human Condition
Obsession
Loyalty
Faith and Doubt
The American Dream
Friendship
Fate and Free Will
Justice
Loneliness and the Need for Connection
Alienation
The Cost of Ambition
Good versus Evil
Forgiveness
Resilience
Toxic Masculinity
Greed
Artificial Intelligence
Hope in the Face of Despair
Nostalgia
Corruption
Identity and Consciousness
Innocence
Violence
Regret
Social Isolation
Technology's Role in Human Intimacy
The Loss of Innocence
Desire
Jealousy
Fear
Humanity
Human Nature
Man versus Nature
Dreams
Grief and Healing
Paranoia
Madness
The Passage of Time
Addiction
Courage
Deception
Parenthood
Motherhood
Fatherhood
Masculinity
Femininity
War
Existentialism
Crime and Punishment
Truth and Deception
Individual versus Society
The Search for Meaning
Self-Discovery
Transformation
Empathy
Compassion
Dignity
Legacy
Tradition versus Modernity
Nature versus Nurture
Colonialism
Capitalism
Consumerism
Surveillance
Totalitarianism
Immigration
Exile
Displacement
Fate
Destiny
Nihilism
The Absurdity of Existence
Conformity
Rebellion
Individuality
Authenticity
Vengeance
Temptation
Salvation
Sin and Salvation
Duty
Honor
Heroism
Perseverance
Sisterhood
Brotherhood
Heritage
Modernity
Progress
Technology
Nature
Time
Death
Illusion and Reality
Truth
Manipulation
Control
Privilege
Racism
Prejudice
Inequality
Poverty
Wealth
Fame
Celebrity Culture
Art and Creativity
The Price of Fame
Generational Trauma
Survivor's Guilt
Existential Dread
Political Corruption
Religious Faith
Blind Ambition
Found Family
Media Manipulation
Mass Surveillance
Urban Alienation
Environmental Destruction
Systemic Racism
Gender Roles
Mental Illness
Self-Sacrifice
Self-Destruction
Self-Acceptance
Male Friendship
Female Friendship
Sibling Rivalry
Artistic Obsession
Human Connection
Emotional Repression
Second Chances
Unconditional Love
Unrequited Love
Forbidden Love
First Love
Parental Love
Political Oppression
Moral Decay
Spiritual Awakening
Personal Freedom
Civil Rights
Police Brutality
Organized Crime
Small-Town Life
Urban Decay
Cultural Identity
National Identity
Collective Memory
Personal Identity
Moral Courage
Social Class
The Banality of Evil
The Fragility of Memory
The Illusion of Control
The Weight of the Past
The Absurdity of War
The Cycle of Violence
The Corruption of Power
The Burden of Guilt
The Meaning of Home
The Power of Storytelling
The Dehumanization of War
The Limits of Science
The Ethics of Creation
The Dangers of Obsession
The Persistence of Memory
The Pursuit of Happiness
The Nature of Reality
The Immigrant Experience
The Role of Women in Society
The Struggle for Survival
The Inevitability of Death
The Power of Friendship
The Consequences of Greed
The Redemptive Power of Love
The Horrors of War
The Fragility of Life
The Price of Freedom
Love and Sacrifice
Friendship and Loyalty
Family and Belonging
Class and Privilege
War and Its Aftermath
Time and Memory
Art and Commerce
Freedom and Confinement
Nature and Civilization
Life and Death
Order and Chaos
Youth and Aging
Science and Ethics
Hope and Despair
Memory and Identity
Revenge and Justice
Sacrifice and Heroism
Isolation and Connection
Ambition and Its Consequences
Trauma and Recovery
Innocence and Experience
Violence and Masculinity
Wealth and Inequality
Love and Obsession
Faith and Reason
Guilt and Shame
Sex and Power
Race and Identity
Humanity versus Technology
Order versus Chaos
Duty versus Desire
Science versus Faith
Love versus Duty
Reason versus Emotion
Freedom versus Security
Courage in the Face of Fear
Humanity in the Face of War
Dignity in the Face of Oppression
Resilience in the Face of Adversity
Faith in the Face of Suffering
Love in the Face of Death
Humanity's Relationship with Nature
Society's Treatment of Outsiders
A Mother's Love
A Father's Legacy
Man's Inhumanity to Man
The Artist's Struggle
Women's Liberation
The Outsider's Perspective
America's Loss of Innocence
Hollywood's Dark Side
Childhood's End
The Struggle to Find One's Place in the World
Coming to Terms with the Past
The Search for Purpose in a Meaningless World
Finding Hope in Unexpected Places
The Thin Line Between Love and Hate
What It Means to Be Human
Living with the Consequences of One's Choices
Breaking Free from Societal Expectations
The Lengths We Go for Those We Love
Escaping the Past
Confronting One's Demons
The Desire to Be Seen
Growing Up in a Broken Home
The Fear of Being Forgotten
Searching for a Place to Call Home
Holding On and Letting Go
Music
History
Mystery
Absurdity
Solitude
Longing
Shame
Hubris
Mercy
Kinship
Servitude
Complicity
Dissent
Voyeurism
Ritual
Martyrdom
Purity
Decadence
Adolescence
Aging
Disability
Queer Identity
Sexuality
Intimacy
Marriage
Divorce
Infidelity
Reconciliation
Atonement
Hope
Despair
Chaos
Order
Education
Labor
Work and Dignity
Bureaucracy
Propaganda
Censorship
Espionage
Terrorism
Nuclear Anxiety
Climate Anxiety
Pandemic Fear
Digital Loneliness
Virtual Reality
Genetic Engineering
Space Exploration
First Contact
Time Travel
Parallel Lives
Doppelgängers
The Uncanny
Religious Hypocrisy
Moral Responsibility
Collective Guilt
Historical Memory
Postwar Disillusionment
Cold War Paranoia
Frontier Justice
Manifest Destiny
Indigenous Resistance
Diaspora
Homecoming
""".strip().splitlines()

# Parts for themes that a corpus sees only once ("The Weight of Inherited Silence").
_R_HEAD = ["Weight", "Geography", "Architecture", "Politics", "Economy", "Grammar", "Afterlife", "Theatre",
           "Ecology", "Anatomy", "Choreography", "Currency", "Echoes", "Ghosts", "Residue", "Erosion", "Tyranny",
           "Seduction", "Mythology", "Contagion", "Arithmetic", "Liturgy", "Cartography", "Archaeology",
           "Alchemy", "Inventory", "Rituals", "Weather", "Acoustics", "Topography", "Vocabulary", "Etiquette",
           "Physics", "Calendar", "Borders", "Ruins", "Debris", "Aftertaste", "Undertow", "Gravity"]
_R_ADJ = ["Inherited", "Unspoken", "Borrowed", "Forgotten", "Domestic", "Suburban", "Colonial", "Maternal",
          "Paternal", "Sacred", "Secular", "Quiet", "Invisible", "Shared", "Stolen", "Unfinished", "Private",
          "Public", "Rural", "Digital", "Ancestral", "Wounded", "Gentle", "Silent", "Reluctant", "Ordinary",
          "Bourgeois", "Working-Class", "Provincial", "Nocturnal", "Imperial", "Postcolonial", "Tender",
          "Suppressed", "Deferred", "Fractured", "Communal", "Feral", "Belated", "Hereditary"]
_R_NOUN = ["Silence", "Grief", "Shame", "Desire", "Memory", "Labor", "Land", "Faith", "Violence", "Tenderness",
           "Debt", "Loyalty", "Hunger", "Exile", "Kinship", "Rage", "Devotion", "Obedience", "Longing",
           "Solitude", "Mourning", "Ambition", "Joy", "Envy", "Pride", "Piety", "Resentment", "Wonder",
           "Intimacy", "Betrayal", "Courage", "Dread", "Privilege", "Guilt", "Hope", "Care", "Madness",
           "Innocence", "Complicity", "Survival"]
_R_GERUND = ["Reckoning with", "Unlearning", "Outrunning", "Inheriting", "Mourning", "Surviving", "Confronting",
             "Escaping", "Forgiving", "Remembering", "Rebuilding", "Translating"]
_R_GROUP = ["Working Mothers", "Small-Town Sheriffs", "Aging Boxers", "Exiled Poets", "Night-Shift Nurses",
            "Grieving Fathers", "Migrant Workers", "Retired Spies", "Teenage Runaways", "Country Priests",
            "Failed Artists", "Island Fishermen", "Second Sons", "Forgotten Soldiers", "Lonely Widowers",
            "Factory Towns", "Border Towns", "Old Hollywood", "Suburban Housewives", "Frontier Women"]
_R_PATTERNS: list[tuple[list[list[str]], Any]] = [
    ([_R_HEAD, _R_ADJ, _R_NOUN], lambda h, a, n: f"The {h} of {a} {n}"),
    ([_R_GERUND, _R_HEAD, _R_NOUN], lambda g, h, n: f"{g} the {h} of {n}"),
    ([_R_ADJ, _R_NOUN, _R_HEAD, _R_NOUN], lambda a, n, h, m: f"{a} {n} and the {h} of {m}"),
    ([_R_NOUN, _R_ADJ, _R_NOUN], lambda n, a, m: f"{n} in the Shadow of {a} {m}"),
    ([_R_ADJ, _R_NOUN, _R_GROUP], lambda a, n, g: f"The {a} {n} of {g}"),
]
for _pools, _ in _R_PATTERNS:
    assert all(len(set(pool)) == len(pool) for pool in _pools), _pools

# ---------------------------------------------------------------------------------------
# Motifs and questions

_MOTIFS = _unique("""
The Color Red
Mirrors
Rain
Water
Doors and Windows
Clocks
The Lighthouse
Birds
Masks
Trains
Photographs
The Ocean
Fire
Snow
Keys
Handwritten Letters
The Telephone
Shadows
Staircases
Bridges
The Open Road
Dogs
Horses
Eyes
Hands
Blood
Flowers
The Moon
Radios
Television Screens
Empty Rooms
The Piano
Dancing
Shared Meals
Cars
Guns
Money
Maps
Books
Butterflies
Eggs
Apples
The Forest
The Desert
The City at Night
Neon Lights
Elevators
Swimming Pools
Umbrellas
Hats
Shoes
Wedding Rings
Scars
Tattoos
Paintings
Statues
Churches
Crosses
Candles
Smoke
Dust
Sand
Wind
Thunderstorms
Sunlight
Darkness
Circles
Spirals
Numbers
Chess
Playing Cards
Dice
Puppets
Dolls
Music Boxes
Songs
Whistling
Silence
Footsteps
Bells
High-Waisted Pants
Paper Cranes
Kites
Balloons
Fireworks
The Color Yellow
The Color Blue
The Color Green
Black and White
The Green Light
Cigarettes
Alcohol
Coffee
Knives
Ropes
Cages
Fences
Walls
Windows
Ladders
Tunnels
Caves
Islands
Boats
Airplanes
Bicycles
Suitcases
Hotel Rooms
Hospitals
Prisons
Schools
Kitchens
Bathtubs
Beds
Chairs
The Empty Chair
Tables
Gardens
Trees
Leaves
Seasons
Autumn Leaves
Frozen Lakes
Rivers
Wells
Fountains
Masks and Makeup
Costumes
Uniforms
Flags
Medals
Crowns
Thrones
Swords
Arrows
Wolves
Snakes
Spiders
Insects
Fish
Cats
Deer
Owls
Crows
Doves
Eagles
""".strip().splitlines())

_QUESTIONS = _unique("""
What does it mean to be human?
What constitutes a 'real' relationship?
Can consciousness exist without a body?
Does advanced technology ultimately connect or isolate us?
Is revenge ever justified?
Can a person truly change?
What do we owe to the dead?
Is memory the foundation of identity?
Can love survive the truth?
Is it possible to escape one's past?
Are we defined by our choices or our circumstances?
Does power inevitably corrupt?
What is the price of ambition?
Can violence ever be redemptive?
Is free will an illusion?
What makes a life meaningful?
Can forgiveness be earned?
Is it better to know the truth or to be happy?
What do we owe to our families?
Can art redeem suffering?
Is justice the same as the law?
Where does loyalty end and complicity begin?
Can we ever truly know another person?
What is the nature of evil?
Is grief a form of love?
Can a society be just if it is built on lies?
What separates a hero from a villain?
Does suffering give life meaning?
Is happiness a choice?
Can the past be repaired?
What is home?
Are we responsible for the sins of our fathers?
Is innocence a strength or a weakness?
Can love exist without sacrifice?
Is loneliness the human condition?
What is the value of a single life?
Does the end justify the means?
Can we trust our own memories?
Is identity fixed or fluid?
What do we lose when we grow up?
Is faith a comfort or a cage?
Can the truth set us free?
What makes a family?
Is obsession the price of greatness?
Can machines feel?
What would we sacrifice to survive?
Is there honor among thieves?
Does fate exist?
Can we choose whom we love?
Is war ever necessary?
What does it cost to be good?
Can a lie be an act of love?
Is madness a sane response to an insane world?
Who gets to tell our stories?
Can money buy freedom?
Is ambition a virtue or a vice?
What remains when love is gone?
Can the dead haunt the living?
Is nature indifferent to human suffering?
Are we alone in the universe?
Is it wrong to want more?
Can we outrun our own nature?
What is the difference between justice and revenge?
Does time heal all wounds?
Is silence a form of complicity?
Can a community forgive a crime?
Is it possible to love a monster?
What do we see when we look in a mirror?
Can one person change the world?
Is the American Dream a promise or a lie?
Does privilege blind us to suffering?
Can tradition and freedom coexist?
Is childhood ever truly innocent?
Does a good end redeem a bad life?
Can we be free without being alone?
Is the self an illusion?
What is the line between art and exploitation?
Can hope survive despair?
Why do we return to the places that hurt us?
Is guilt a useful emotion?
""".strip().splitlines())

_Q_TEMPLATES = ["Can {a} survive {b}?", "Is {a} stronger than {b}?", "What is the cost of {a}?",
                "Does {a} always lead to {b}?", "Can {a} and {b} coexist?", "Is {a} a choice or a fate?"]
_Q_NOUNS = ["love", "grief", "faith", "loyalty", "ambition", "memory", "freedom", "friendship", "justice",
            "innocence", "hope", "fear", "truth", "pride", "desire", "duty", "forgiveness", "violence", "power",
            "solitude", "greed", "honesty", "mercy", "shame"]

# ---------------------------------------------------------------------------------------
# People, countries, words for prose

_FIRST = ["Ana", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivo", "June", "Kofi", "Lena", "Mateo",
          "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tomás", "Uma", "Vik", "Wen", "Yara", "Zoë", "Agnès",
          "Björn", "Céline", "Dónal", "Émile", "Françoise", "Gökhan", "Hélène", "Iñaki", "Jürgen", "Kateřina",
          "Łukasz", "Mónica", "Nikolaj", "Oğuz", "Pilar", "Ramón", "Siobhán", "Thérèse", "Ursula", "Václav",
          "Wojciech", "Xóchitl", "Yusuf", "Zsófia", "Seán", "Aoife", "Maeve", "Liam", "Daniel", "Sarah",
          "Michael", "Emily", "James", "Olivia", "Robert", "Grace", "David", "Laura", "Ji-woo", "Min-jun",
          "Haruki", "Yuki", "Mei", "Wei", "Arjun", "Ananya", "Kwame", "Ngozi", "Amadou", "Aïssa", "Lars",
          "Ingrid", "Paolo", "Giulia", "Sergei", "Natalia", "Andrés", "Valentina", "Jean-Luc", "Marie-Claire",
          "Hans-Peter", "Anna-Lena", "Mary Kate", "John Paul"]
_LAST = ["Abara", "Berg", "Costa", "Dimitrov", "Eriksen", "Fontaine", "García", "Haddad", "Ito", "Jensen",
         "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quispe", "Rossi", "Sato", "Tanaka",
         "de la Cruz", "van der Berg", "O'Brien", "O'Connor", "McAllister", "MacLeod", "von Stein", "van Dijk",
         "de Souza", "da Silva", "dos Santos", "di Marco", "Le Guin", "D'Angelo", "de Vries", "van Houten",
         "Ó Súilleabháin", "Ní Bhriain", "Müller", "Schäfer", "Gößmann", "Øvergaard", "Åström", "Núñez",
         "Ibáñez", "Çelik", "Yılmaz", "Dvořák", "Wiśniewska", "Székely", "Đorđević", "Kim", "Park", "Lee",
         "Nakamura", "Watanabe", "Chen", "Wang", "Liu", "Nguyen", "Tran", "Sharma", "Patel", "Banerjee",
         "Mensah", "Adeyemi", "Diallo", "Traoré", "El-Sayed", "Al-Khatib", "Ben Ali", "Smith", "Johnson",
         "Williams", "Brown", "Miller", "Wilson", "Taylor", "Anderson", "Thompson", "Walker", "Harris",
         "Clarke", "Lewis", "Robinson", "Young", "Allen", "Wright", "Scott", "Green", "Baker", "Adams",
         "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner",
         "Torres", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan",
         "St. James", "Fitzgerald", "Kaur", "Singh", "Johansson", "Nieminen", "Horvat", "Popescu", "Ivanova"]
_MONONYMS = ["Zendaya", "Mononoke", "Rapace", "Sting", "Cantinflas", "Divine", "Totò", "Fernandel"]
_SUFFIXES = ["Jr.", "Sr.", "III"]

#: Country names as the source site writes them (pycountry knows each by this name).
_COUNTRIES: list[tuple[str, str, float]] = [
    ("United States of America", "US", 40), ("United Kingdom", "GB", 10), ("France", "FR", 9),
    ("Germany", "DE", 6), ("Japan", "JP", 5), ("Canada", "CA", 4), ("Italy", "IT", 4), ("Spain", "ES", 3),
    ("South Korea", "KR", 3), ("India", "IN", 3), ("China", "CN", 2), ("Hong Kong", "HK", 2),
    ("Australia", "AU", 2), ("Mexico", "MX", 2), ("Belgium", "BE", 1.5), ("Sweden", "SE", 1.5),
    ("Denmark", "DK", 1.5), ("Brazil", "BR", 1.2), ("Argentina", "AR", 1.2), ("Ireland", "IE", 1.2),
    ("Netherlands", "NL", 1.2), ("Poland", "PL", 1), ("Norway", "NO", 1), ("New Zealand", "NZ", 1),
    ("Iran", "IR", 1), ("Czech Republic", "CZ", 0.8), ("Taiwan", "TW", 0.8), ("Switzerland", "CH", 0.8),
    ("Austria", "AT", 0.7), ("Finland", "FI", 0.7), ("Hungary", "HU", 0.6), ("Romania", "RO", 0.6),
    ("Greece", "GR", 0.5), ("Portugal", "PT", 0.5), ("Israel", "IL", 0.5), ("South Africa", "ZA", 0.5),
    ("Nigeria", "NG", 0.5), ("Egypt", "EG", 0.4), ("Thailand", "TH", 0.4), ("Philippines", "PH", 0.4),
    ("Chile", "CL", 0.4), ("Colombia", "CO", 0.4), ("Iceland", "IS", 0.3), ("Lebanon", "LB", 0.3),
    ("Senegal", "SN", 0.3), ("Morocco", "MA", 0.3), ("Bosnia and Herzegovina", "BA", 0.3),
    ("Trinidad and Tobago", "TT", 0.1), ("Papua New Guinea", "PG", 0.1), ("United Arab Emirates", "AE", 0.2),
    ("Saudi Arabia", "SA", 0.2), ("Luxembourg", "LU", 0.3), ("Georgia", "GE", 0.2), ("Cuba", "CU", 0.2),
    ("Peru", "PE", 0.2), ("Indonesia", "ID", 0.3), ("Vietnam", "VN", 0.2), ("Ukraine", "UA", 0.3),
    ("Serbia", "RS", 0.2), ("Croatia", "HR", 0.2), ("Estonia", "EE", 0.2), ("Turkey", "", 0.0),
]
_COUNTRIES = [c for c in _COUNTRIES if c[2] > 0]  # "Turkey" is no pycountry name: listed to say so

#: TMDB genre names with how common each is on the source site.
_GENRE_WEIGHTS = {
    "Drama": 30, "Comedy": 14, "Thriller": 12, "Action": 10, "Romance": 9, "Crime": 8, "Horror": 6,
    "Adventure": 6, "Science Fiction": 6, "Fantasy": 5, "Mystery": 5, "Family": 4, "Animation": 4,
    "History": 3, "War": 2.5, "Music": 2, "Documentary": 2, "Western": 1.5, "TV Movie": 1,
}
assert set(_GENRE_WEIGHTS) == set(TMDB_GENRES)

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

_LOG_ADJ = ["grieving", "reclusive", "ambitious", "disgraced", "lonely", "young", "aging", "idealistic",
            "estranged", "restless", "widowed", "exiled", "retired", "stubborn", "gifted", "troubled"]
_LOG_WHO = ["lighthouse keeper", "detective", "schoolteacher", "violinist", "nurse", "smuggler", "priest",
            "cartographer", "boxer", "journalist", "translator", "farmer", "astronaut", "con artist",
            "chess prodigy", "night-shift cabbie", "widow", "soldier", "painter", "mother of three"]
_LOG_DOES = ["forms an unlikely bond with", "is haunted by", "sets out to find", "must protect",
             "falls in love with", "goes to war with", "tries to outrun", "is forced to confront",
             "strikes a dangerous bargain with", "slowly unravels the secrets of"]
_LOG_WHOM = ["a stranded sailor", "a missing sister", "the man who ruined her family", "an artificial voice",
             "a stray dog", "a dying father", "a mysterious stranger", "a rival gang", "his former self",
             "a runaway child", "the ghost of a drowned girl", "a corrupt senator", "an old flame"]
_LOG_WHERE = ["on a remote Scottish island", "in 1970s Tokyo", "in a city that never sleeps",
              "during the last days of the war", "in a dying mining town", "aboard a failing space station",
              "in post-revolutionary Havana", "in the suburbs of Paris", "across the American West",
              "in a near-future Los Angeles", "in a village cut off by snow", "in the slums of Lagos"]
_TAGLINES = ["Some secrets never stay buried.", "Every family has its ghosts.", "The past is never finished.",
             "One night. One choice. No way back.", "Love is the only way out.", "Nobody gets out clean.",
             "The truth has a price.", "She came back for what was hers.", "What would you give to forget?",
             "Home is where the hurt is.", "In a city of strangers, one voice.", "Run.", "Never look back.",
             "The end is only the beginning.", "Trust no one.", "Some wounds never heal.",
             "A love story for the end of the world.", "Justice has a long memory.",
             "Not all heroes wear capes.", "The sea gives back what it takes.", "He's not who you think.",
             "Be careful what you wish for.", "They'll never see it coming.", "The hunt is on.",
             "Every town has a secret.", "It's not a dream if you never wake up.",
             "How far would you go?", "Fear has a new address.", "Hope is a dangerous thing.",
             "Some doors should stay closed.", "Based on a true story.", "The greatest trick is believing."]
_THINGS = ["door", "clock", "chair", "crane", "window", "radio", "road", "scarf", "lighthouse", "mirror",
           "whistle", "box", "letter", "photograph", "song", "river"]


# ---------------------------------------------------------------------------------------
# The generator

def _coprime_step(size: int, start: int) -> int:
    step = start % size or 1
    while math.gcd(step, size) != 1:
        step += 1
    return step


def _pattern_pick(patterns, number: int, offset: int) -> tuple[str, int]:
    """Pattern element number ``number`` (a bijection onto pattern x cycle); returns (text, cycle)."""
    pools, make = patterns
    size = math.prod(len(p) for p in pools)
    cycle, k = divmod(number, size)
    k = (k * _coprime_step(size, 7919 + offset) + offset) % size
    parts = []
    for pool in reversed(pools):
        k, r = divmod(k, len(pool))
        parts.append(pool[r])
    return make(*reversed(parts)), cycle


def _zipf(count: int, exponent: float, shift: int) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights of ranks 0..count-1 (a larger shift flattens the head)."""
    return list(itertools.accumulate(1 / (r + shift) ** exponent for r in range(count)))


@lru_cache(maxsize=8)
def _state(seed: int) -> dict[str, Any]:
    """What every document of one seed shares: rankings, pools and the title plan."""
    rng = random.Random(f"filmgraph-synthetic-{seed}")
    entries = [(t, y, o, r, len(ys)) for t, ys, o in _REAL_TITLES for r, y in enumerate(ys)]
    rng.shuffle(entries)
    base_years: dict[str, set[int]] = {}
    for title, years, _ in _REAL_TITLES:
        base_years.setdefault(title.casefold(), set()).update(years)
    years_order = list(range(1925, 2026))
    rng.shuffle(years_order)
    # Every year a real title gets in any remake cycle, so that a generated title that
    # happens to equal a real one gets another year.
    cycle_years: dict[str, set[int]] = {}
    for title, _, _, _, count in entries:
        key = title.casefold()
        free = [y for y in years_order if y not in base_years[key]]
        cycle_years.setdefault(key, set(base_years[key])).update(free[:count * (_REMAKE_CYCLES - 1)])
    residues = list(range(20))
    rng.shuffle(residues)
    people = _people(rng, 1400)
    directors = _people(rng, 360)
    themes = list(_THEMES)
    # Keep the head of the ranking (the most common themes), shuffle its tail a little.
    tail = themes[12:]
    rng.shuffle(tail)
    themes = themes[:12] + tail
    motifs = list(_MOTIFS)
    rng.shuffle(motifs)
    questions = list(_QUESTIONS) + [t.format(a=a, b=b) for t in _Q_TEMPLATES for a in _Q_NOUNS[:12]
                                    for b in _Q_NOUNS[12:]]
    head, rest = questions[: len(_QUESTIONS)], questions[len(_QUESTIONS):]
    rng.shuffle(head)
    rng.shuffle(rest)
    questions = head + rest
    return {
        "entries": entries, "real_residues": {r: i for i, r in enumerate(sorted(residues[:6]))},
        "cycle_years": cycle_years, "years_order": years_order, "base_years": base_years,
        "real_keys": frozenset(base_years), "people": people, "people_w": _zipf(len(people), 0.9, 20),
        "directors": directors, "directors_w": _zipf(len(directors), 0.9, 10),
        "themes": themes, "themes_w": _zipf(len(themes), 1.0, 4),
        "motifs": motifs, "motifs_w": _zipf(len(motifs), 0.9, 8),
        "questions": questions, "questions_w": _zipf(len(questions), 1.0, 6),
        "offset": rng.randrange(1 << 20),
    }


#: Real titles come back as remakes this many times (original included) before the
#: real-title slots are filled with generated titles.
_REMAKE_CYCLES = 3


def _people(rng: random.Random, count: int) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < count:
        roll = rng.random()
        if roll < 0.006:
            name = rng.choice(_MONONYMS)
        else:
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            if roll < 0.03:
                name = f"{rng.choice(_FIRST)} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(_LAST)}"
            elif roll < 0.045:
                name += f" {rng.choice(_SUFFIXES)}"
        names.setdefault(name)
    return list(names)


def _draw(rng: random.Random, pool: list[str], weights: list[float], count: int,
          avoid: frozenset[str] = frozenset()) -> list[str]:
    """``count`` distinct items (by casefold) drawn with Zipf-like weights."""
    out: list[str] = []
    seen = set(avoid)
    total = weights[-1]
    while len(out) < count:
        item = pool[bisect.bisect(weights, rng.random() * total)]
        if item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def _title(index: int, state: dict, rng: random.Random) -> tuple[str, int | None, str, bool]:
    """(title, fixed year or None, original-language title, generated?)."""
    slot = state["real_residues"].get(index % 20)
    if slot is not None:
        number = index // 20 * 6 + slot
        entries = state["entries"]
        cycle, at = divmod(number, len(entries))
        if cycle < _REMAKE_CYCLES:
            title, year, original, rank, count = entries[at]
            if cycle:
                key = title.casefold()
                free = [y for y in state["years_order"] if y not in state["base_years"][key]]
                year = free[(cycle - 1) * count + rank]
                original = original if rng.random() < 0.5 else ""
            return title, year, original, False
    # A generated title: pattern by a fixed cycle, element by a bijection of the index.
    which = _PATTERN_CYCLE[index % 40]
    within = index // 40 * _PATTERN_CYCLE.count(which) + _PATTERN_CYCLE[: index % 40].count(which)
    title, cycle = _pattern_pick(_PATTERNS[which], within, state["offset"] + which)
    if cycle:
        title = f"{title} Part {_ROMAN[cycle] if cycle < len(_ROMAN) else cycle + 1}"
    original = ""
    if rng.random() < 0.05:
        kind = rng.random()
        if kind < 0.4:
            original = f"{rng.choice(_FR_NOUN)} {rng.choice(_FR_OF)}"
        elif kind < 0.7:
            original = f"{rng.choice(_ES_NOUN)} {rng.choice(_ES_OF)}"
        elif kind < 0.85:
            original = f"{rng.choice(_JP_A)}の{rng.choice(_JP_B)}"
        else:
            original = f"{rng.choice(_RU_A)} {rng.choice(_RU_B)}"
        if original == title:
            original = ""
    return title, None, original, True


def _rare_theme(index: int, state: dict) -> str:
    which = index % len(_R_PATTERNS)
    text, _ = _pattern_pick(_R_PATTERNS[which], index // len(_R_PATTERNS), state["offset"] + 31 * which)
    return text


def _money(rng: random.Random, median: float, sigma: float, low: int, high: int, round_to: bool) -> int:
    value = min(max(int(rng.lognormvariate(math.log(median), sigma)), low), high)
    if round_to:
        digits = len(str(value))
        unit = 10 ** max(digits - rng.choice((1, 2, 2, 3)), 0)
        value = max(value // unit * unit, unit)
    return value


def _film(index: int, seed: int) -> dict[str, Any]:
    """Everything document number ``index`` says, and how it is written."""
    state = _state(seed)
    rng = random.Random(seed * 1_000_003 + index)
    title, year, original, generated = _title(index, state, rng)
    if year is None:
        year = rng.choice(state["years_order"][:90]) if rng.random() < 0.3 else int(rng.triangular(1930, 2025, 2015))
        if title.casefold() in state["real_keys"]:
            while year in state["cycle_years"][title.casefold()]:
                year = year + 1 if year < 2025 else 1925
    has_rating = rng.random() >= 0.05
    has_runtime = rng.random() >= 0.05
    # The date goes only where the rest of the line still says it is the metadata line,
    # and only from titles that cannot meet another film's IRI without their year.
    has_date = not (generated and rng.random() < 0.02 and (has_rating or has_runtime)
                    and not title[-1].isdigit() and title.casefold() not in state["real_keys"])
    month = rng.randrange(12)
    day = rng.randint(1, _MONTH_DAYS[month] + (month == 1 and year % 4 == 0 and year % 100 != 0))
    roll = rng.random()
    n_countries = 0 if roll < 0.01 else 1 if roll < 0.76 else 2 if roll < 0.94 else 3
    countries: list[tuple[str, str]] = []
    while len(countries) < n_countries:
        name, code, _ = rng.choices(_COUNTRIES, cum_weights=_COUNTRY_W)[0]
        if (name, code) not in countries:
            countries.append((name, code))
    runtime = min(max(int(rng.gauss(108, 22)), 62), 240) if has_runtime else None
    rating = votes = None
    if has_rating:
        rating = f"{min(max(rng.gauss(6.6, 1.0), 1.0), 9.4):.1f}"
        votes = None if rng.random() < 0.02 else max(1, int(rng.lognormvariate(math.log(900), 1.8)))
        votes = None if votes is None else min(votes, 48_000)
    roll = rng.random()
    n_directors = 0 if roll < 0.02 else 1 if roll < 0.9 else 2 if roll < 0.99 else 3
    directors = _draw(rng, state["directors"], state["directors_w"], n_directors)
    n_cast = rng.choice((1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 7, 8, 10))
    cast = _draw(rng, state["people"], state["people_w"], n_cast)
    if directors and rng.random() < 0.03 and directors[0] not in cast:
        cast.insert(rng.randrange(len(cast) + 1), directors[0])  # an actor-director
    has_genres = rng.random() >= 0.05
    genres = []
    if has_genres:
        n_genres = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        genres = _draw(rng, _GENRES, _GENRES_W, n_genres)
    # Themes: common ones by Zipf rank, sometimes one that this corpus has only once.
    n_themes = rng.choices((1, 2, 3, 4, 5), cum_weights=(10, 35, 70, 90, 100))[0]
    rare = rng.random() < 0.35
    # Without a genre line a line of genre names could only be read as genres.
    avoid = frozenset() if has_genres else _GENRE_KEYS
    themes = _draw(rng, state["themes"], state["themes_w"], n_themes - rare, avoid)
    if rare:
        themes.insert(rng.randrange(len(themes) + 1), _rare_theme(index, state))
    explicit = rng.random() < 0.03
    motifs = _draw(rng, state["motifs"], state["motifs_w"], rng.choice((2, 3, 3, 3, 4, 5)))
    questions = _draw(rng, state["questions"], state["questions_w"], rng.choice((2, 3, 3, 3, 4)))
    has_tagline = rng.random() >= 0.15
    tagline = None
    if has_tagline:
        tagline = rng.choice(_TAGLINES) if rng.random() < 0.7 else \
            f"Every {rng.choice(_THINGS)} has a story."
    budget = _money(rng, 12_000_000, 1.3, 15_000, 380_000_000, rng.random() < 0.9) \
        if rng.random() >= 0.15 else None
    box_office = _money(rng, 25_000_000, 1.8, 1_200, 2_800_000_000, False) if rng.random() >= 0.10 else None
    return {
        "title": title, "directors": directors, "cast": cast, "genres": genres, "themes": themes,
        "motifs": motifs, "questions": questions,
        "date": f"{year:04d}-{month + 1:02d}-{day:02d}" if has_date else None,
        "countries": [code for _, code in countries], "runtime": runtime, "rating": rating, "votes": votes,
        "budget": budget, "box_office": box_office, "tagline": tagline,
        # How it is written (not part of the truth).
        "_original": original, "_country_names": [name for name, _ in countries], "_explicit": explicit,
        "_day": day, "_month": month, "_year": year, "_curly": rng.random() < 0.2, "_rng": rng,
    }


_COUNTRY_W = list(itertools.accumulate(w for _, _, w in _COUNTRIES))
_GENRES = sorted(_GENRE_WEIGHTS, key=lambda g: -_GENRE_WEIGHTS[g])
_GENRES_W = list(itertools.accumulate(_GENRE_WEIGHTS[g] for g in _GENRES))
_GENRE_KEYS = frozenset(g.casefold() for g in TMDB_GENRES)

#: The fields of a truth, in order.
TRUTH_FIELDS = ("title", "directors", "cast", "genres", "themes", "motifs", "questions", "date", "countries",
                "runtime", "rating", "votes", "budget", "box_office", "tagline")


def truth(index: int, seed: int = 0) -> dict[str, Any]:
    """Exactly what synthetic document number ``index`` states (JSON-serialisable).

    Lists are in the document's order (cast in billing order); a field the document
    leaves out is None (or an empty list). ``countries`` are ISO 3166-1 alpha-2 codes,
    ``rating`` the value as written ("7.8"), ``date`` ISO (yyyy-mm-dd), money in dollars.
    """
    film = _film(index, seed)
    return {key: film[key] for key in TRUTH_FIELDS}


def _logline(rng: random.Random, film: dict) -> str:
    who = f"{rng.choice(_LOG_ADJ)} {rng.choice(_LOG_WHO)}"
    rest = f"{rng.choice(_LOG_DOES)} {rng.choice(_LOG_WHOM)} {rng.choice(_LOG_WHERE)}"
    roll = rng.random()
    if roll < 0.03:
        return f"{rng.choice((24, 48, 72, 96))} hours after {rng.choice(_LOG_WHOM)} vanishes, a {who} {rest}."
    if roll < 0.06:
        return f"{rng.choice((3, 4, 5, 7, 12))} strangers, one {rng.choice(_THINGS)}: a {who} {rest}."
    if roll < 0.2:
        return f"In {film['_year'] - rng.randint(0, 40)}, a {who} {rest}."
    article = "An" if who[0] in "aeiou" else "A"
    return f"{article} {who} {rest}."


def _paragraph(rng: random.Random, motif: str, film: dict, kind: str) -> str:
    theme = rng.choice(film["themes"]).lower()
    name = rng.choice(_FIRST)
    low = motif[0].lower() + motif[1:] if motif.startswith("The ") else motif.lower()
    if kind == "meaning":
        options = [
            f"{motif} stands for {theme} and for what it costs {name} to face it. The film returns to it "
            f"whenever a choice cannot be undone.",
            f"Throughout the film, {low} carries the weight of {theme}. It is a promise and a warning at once, "
            f"and its meaning shifts as {name} changes.",
            f"{motif} is the film's quietest image of {theme}: ordinary at first, and by the end impossible to "
            f"look at without remembering what was lost.",
        ]
    else:
        options = [
            f"It appears in the first and the last scene, each time in a new light, and {name} is the only "
            f"character who seems to notice it.",
            f"The production design puts {low} in almost every room {name} enters, so that its absence in the "
            f"final act is felt as much as seen.",
            f"{name} first meets it in a flashback; the film comes back to it at the turning point, when "
            f"{theme} can no longer be avoided.",
        ]
    return rng.choice(options)


def document(index: int, seed: int = 0) -> str:
    """The text of synthetic document number ``index`` (deterministic)."""
    film = _film(index, seed)
    rng: random.Random = film["_rng"]
    title = film["title"]
    lines = [title, _logline(rng, film), title, film["_original"] or title, ""]
    if film["tagline"] is not None:
        quote = ("“", "”") if film["_curly"] else ('"', '"')
        lines += [f"{quote[0]}{film['tagline']}{quote[1]}", ""]
    meta = []
    if film["date"] is not None:
        meta.append(f"{film['_day']} {_MONTHS[film['_month']]} {film['_year']}")
    meta += film["_country_names"]
    if film["runtime"] is not None:
        meta.append(f"{film['runtime']} min")
    if film["rating"] is not None:
        meta.append(f"⭐ {film['rating']}" + (f" ({film['votes']:,})" if film["votes"] is not None else ""))
    lines.append(" ".join(meta))
    if film["directors"]:
        lines.append(f"Director: {', '.join(film['directors'])}")
    lines.append(f"Cast: {', '.join(film['cast'])}")
    if film["genres"]:
        lines.append(" ".join(film["genres"]))
    lines.append((" | " if film["_explicit"] else " ").join(film["themes"]))
    if film["budget"] is not None:
        lines.append(f"Budget: ${film['budget']:,}")
    if film["box_office"] is not None:
        lines.append(f"Box Office: ${film['box_office']:,}")
    lines += ["", f"{title} - Symbolism & Philosophy", "", "Symbols & Motifs", ""]
    for motif in film["motifs"]:
        lines += [motif, "", "Meaning:", "", _paragraph(rng, motif, film, "meaning"), "",
                  "Context:", "", _paragraph(rng, motif, film, "context"), ""]
    lines += ["Philosophical Questions", ""]
    for question in film["questions"]:
        theme = rng.choice(film["themes"]).lower()
        lines += [question, "",
                  f"The film weighs the question against {theme} and leaves the answer open. "
                  f"{rng.choice(_FIRST)} never says it aloud, but every choice in the last act is an answer "
                  f"to it, and not all of those answers agree.", ""]
    themes = film["themes"]
    lines += ["Core Meaning", "",
              f"In the end, {title} is about {themes[0].lower()}"
              + (f" and {themes[1].lower()}" if len(themes) > 1 else "")
              + ". It refuses easy comfort and trusts the audience to carry the question home."]
    return "\n".join(lines)


def file_name(index: int) -> str:
    """The file name write_corpus gives document number ``index``."""
    return f"film_{index:06d}.txt"


def write_corpus(folder: str | Path, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` synthetic documents into folder; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / file_name(i)
        path.write_text(document(i, seed), encoding="utf-8")
        paths.append(path)
    return paths


def corpus_truth(count: int, seed: int = 0) -> dict[str, dict[str, Any]]:
    """File name -> truth for the corpus write_corpus(folder, count, seed) writes."""
    return {file_name(i): truth(i, seed) for i in range(count)}


def write_truth(path: str | Path, count: int, seed: int = 0) -> Path:
    """Write corpus_truth(count, seed) as one JSON file (keep it outside the documents' folder)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(corpus_truth(count, seed), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path

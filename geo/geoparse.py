"""The geoparser: every place a text names, with exact character offsets and a place on the map.

It stands on data and rules, as the Edinburgh Geoparser does, because no statistical model can be
loaded here:

1. Candidate spans are runs of capitalised words (with hyphenated parts, line-break hyphenation and
   connectors such as "of" and "de"), found by one regular expression.
2. Inside each run the longest sequence of words that is a name in the curated gazetteer or in the
   register of non-places (persons, ships, works, organisations, peoples) wins. A register name
   blocks a place: "Diego Rivera" is a person, not Rivera in Uruguay; "Gogol's time" is not Gogol
   Street; the steamer Kalinin is not the city.
3. What is left is looked up in GeoNames (cities of 500 people or more), unless it is a common
   English word for the size of the town ("Nice", "Reading" in running prose) or an acronym.
4. A capitalised word that matches nothing is tried as a scanning slip of a curated name
   (``Uraisk`` for Uralsk: l/i, rn/m, cl/d, 0/o).
5. Among places of the same name, the one nearest the other places of the same text wins (one sense
   per text): Kronstadt beside Petrograd is the naval base, not Brașov; Odessa beside Midland is in
   Texas. Curated places win over GeoNames.

Work is done once per distinct run of words, so a long text costs little more than one regular
expression pass.

>>> from geo.geoparse import find_mentions
>>> [(m.text, m.place_id, m.name_at_time) for m in find_mentions("Sent from Moscow to Frunze.", date="1928")]
[('Moscow', 'moscow', 'Moscow'), ('Frunze', 'bishkek', 'Frunze')]
"""
from __future__ import annotations

import collections
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, NamedTuple

from geo.gazetteer import Gazetteer, Place, load_gazetteer
from geo.geonames import ABBREVIATION, CODE, DEMONYM, Feature, GeoNames, distance_km, name_key, spelling_key
from geo.register import Entry, Register, load_register
from geo.texts import parse_date

if TYPE_CHECKING:
    from geo.online import Source


@dataclass(frozen=True)
class Mention:
    """A place named in a text: where (offsets into the text), what was written, which place."""

    doc: str | None
    start: int
    end: int
    text: str
    place_id: str
    name: str
    name_at_time: str
    lat: float
    lon: float
    score: float
    source: str  # "curated" or "geonames"
    matched: str  # the gazetteer name that matched (differs from text for scanning slips)
    note: str | None = None
    feature_class: str = ""  # GeoNames' letter: A regions, H waters, L areas, P towns, T mountains...
    # The next-best candidates, best first (name, country, region, point, population, class), for a
    # user to be shown what is unsure and pick another. ``score`` is the confidence in this choice.
    alternatives: tuple[dict, ...] = ()

    @property
    def unsure(self) -> bool:
        """Worth a second look: a namesake chosen by a narrow margin, or a place put by its name alone."""
        return self.score < 0.7

    def to_dict(self) -> dict:
        return dict(vars(self))


def _copy_at(first: dict, start: int, end: int, text: str) -> Mention:
    """A mention with the fields of another (``first``, its ``vars``) but for where it stands and what was
    written. Its fields copied, not given to ``Mention(...)``: a frozen dataclass sets each of its 16 fields
    through ``object.__setattr__``, which is most of the cost of a long text's 3,000 mentions a megabyte."""
    mention = object.__new__(Mention)
    fields = mention.__dict__
    fields.update(first)
    fields["start"], fields["end"], fields["text"] = start, end, text
    return mention


# ---- tokens

_UPPER = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper() and c.isalpha())
# A chunk: a capitalised word with hyphenated parts, which may be broken over a line ("Kron-\nstadt").
_CAPITAL = rf"[{_UPPER}]"
_CHUNK_REST = r"\w*(?:[-\u2010\u2011][ \t]*(?:\n[ \t]*)?\w+)*"
_CONNECTORS = ("of", "de", "del", "la", "le", "du", "des", "upon")
# Chunks joined by one space or line break, or by a connector ("House of Commons"). A run starts at a word's
# start, with no word character before its first capital. That is tested just after the capital ("(?<!\w\w)",
# the capital being one) rather than by a "\b" before it: a pattern that opens with a class of characters
# lets the engine skip from capital to capital, which halves the time of the scan. (A chunk inside a run
# follows a space, which is boundary enough.)
_RUN = re.compile(rf"{_CAPITAL}(?<!\w\w){_CHUNK_REST}(?:\s(?:(?:{'|'.join(_CONNECTORS)}) )?{_CAPITAL}{_CHUNK_REST})*")
# Runs joined after the regular expression, which would cost twice as much if it tried them at every
# position: a possessive ("Cooper's Creek", "Simon's Bay") and an abbreviated generic word ("St. Louis",
# "Ft. Smith", "Mt. Vernon").
_POSSESSIVE_GAPS = {"'s ", "\u2019s ", "'s\n", "\u2019s\n"}
_DOTTED_LEADS = {"St", "Ste", "Ft", "Mt", "Pt"}
_JOINERS = {"'", "\u2019", "."}


def _joined(text: str, start: int, end: int) -> int:
    """Where a run ends once a possessive or an abbreviated generic word joins it to the next run."""
    while True:
        gap = text[end:end + 3]
        if gap in _POSSESSIVE_GAPS:
            nxt = _RUN.match(text, end + 3)
        elif gap[:1] == "." and text[start:end].rsplit(None, 1)[-1] in _DOTTED_LEADS:
            nxt = _RUN.match(text, end + 2 if gap[1:2] in (" ", "\t") else end + 1)
        else:
            return end
        if nxt is None:
            return end
        end = nxt.end()


_PART = re.compile(r"[^\W_]+")
_LOCATIVE = {"in", "at", "to", "from", "via", "near", "through", "into", "toward", "towards", "over", "across"}
# Words that open a run without being part of a name ("In Moscow", "Dear Comrade").
_INSIDE_NAME_AFTER = re.compile(r"['\u2019]s[ \t]+[A-Z]|[ \t]+[A-Z0-9]")  # "Commonwealth's Attorney", "Metro 911"
_MOTION = {"left", "reached", "visited", "entered", "leaving", "reaching", "visiting", "entering", "quit", "sailed",
           "flew", "drove", "returned", "arrived", "moved", "fled"}
_GOING = _LOCATIVE | _MOTION
_FUNCTION = {"the", "a", "an", "in", "at", "to", "from", "on", "of", "and", "but", "for", "by", "as", "with",
             "dear", "comrade", "comrades", "mr", "mrs", "dr", "professor", "sir", "general", "uncle",
             "president", "minister", "king", "queen", "tsar", "he", "she", "it", "we", "they", "this", "that",
             "when", "while", "once", "after", "before", "during", "since", "until", "upon", "there", "here"}
_MAX_NAME_WORDS = 8
# Generic words that make the name beside them a place: "Fort Yuma", "Lake Tana", "Redwood Creek".
_GENERIC_BEFORE = {"fort", "ft", "camp", "mount", "mt", "pt", "lake", "cape", "port", "point", "isle", "gulf", "bay", "mouth"}
_GENERIC_AFTER = {"river", "creek", "run", "bayou", "branch", "fork", "island", "islands", "isles", "mountain",
                  "mountains", "hills", "hill", "valley", "gap", "pass", "ford", "ferry", "bridge", "station",
                  "junction", "landing", "springs", "bay", "harbor", "harbour", "sound", "lake", "county",
                  "parish", "courthouse", "cove", "inlet", "peninsula", "plains",
                  "desert", "strait", "straits", "canal", "heights", "bluff", "bluffs", "crossroads", "mills"}
_GENERIC = _GENERIC_BEFORE | _GENERIC_AFTER
_SETTLEMENT_GENERICS = {"fort", "ft", "camp", "port", "station", "junction", "landing", "crossroads", "mills"}
_EXPAND = {"St": "Saint ", "Ste": "Sainte ", "Ft": "Fort ", "Mt": "Mount ", "Pt": "Point "}
_GENERIC_CLASS = {**{w: "H" for w in ("lake", "gulf", "bay", "mouth", "river", "creek", "run", "bayou", "branch",
                                      "fork", "springs", "harbor", "harbour", "sound", "cove", "inlet", "strait",
                                      "straits", "canal")},
                  **{w: "T" for w in ("mount", "mt", "mountain", "mountains", "hills", "hill", "gap", "pass",
                                      "heights", "bluff", "bluffs", "cape", "point", "peninsula")},
                  **{w: "LT" for w in ("isle", "island", "islands", "isles", "valley", "plains", "desert")},
                  **{w: "A" for w in ("county", "parish")}}
# Titles before a name make it a person: "Mr. Sydney", "General Frunze", "Gen. Lee", "COLONEL: ".
_TITLES = ["Mr", "Mrs", "Messrs", "Miss", "Ms", "Dr", "Gen", "General", "Col", "Colonel", "Capt", "Captain", "Maj",
           "Major", "Lieut", "Lieutenant", "Lt", "Sergt", "Sergeant", "Sgt", "Corp", "Corporal", "Adjt", "Adjutant",
           "Private", "Pvt", "President", "Governor", "Gov", "Senator", "Sen", "Rep", "Representative", "Judge",
           "Justice", "Rev", "Reverend", "Father", "Bishop", "Admiral", "Adm", "Commodore", "Commander", "Prof",
           "Professor", "Sir", "Lord", "Lady", "Dame", "King", "Queen", "Prince", "Princess", "Tsar", "Czar",
           "Emperor", "Empress", "Comrade", "Uncle", "Aunt", "Mayor", "Commissioner", "Chief", "Coach", "Officer",
           "Deputy", "Sheriff", "Secretary", "Minister", "Chancellor", "Marshal", "Brig", "Hon", "Honorable"]
# Titles as news writes them before a name, in small letters: "commissioner McKinney", "officer Wylie".
_SMALL_TITLES = {"commissioner", "officer", "deputy", "detective", "trooper", "spokesman", "spokeswoman", "coach",
                 "attorney", "lawyer", "prosecutor", "superintendent", "principal", "director", "chairman",
                 "chairwoman", "pastor", "sheriff", "mayor", "senator", "governor", "councilman", "councilwoman",
                 "treasurer", "sergeant", "lieutenant", "captain", "colonel", "gen", "sgt", "lt", "capt", "col"}
_TITLE_WORDS = set(_TITLES) | {t.upper() for t in _TITLES} | _SMALL_TITLES | {t.title() for t in _SMALL_TITLES}


_ORDINALS = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
             "fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|"
             r"fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth|\d+(?:st|nd|rd|th|d)")
_UNITS = ("cavalry|cav|infantry|infty|inf|volunteers|vols|volunteer|regiment|regt|battery|artillery|militia|"
          "battalion|batt|rifles|zouaves|sharpshooters|heavy|light|mounted|colored|forces|army|navy|troops")
# "Nineteenth Maine", "Ninety- fifth Ohio", "9th Infty.", "Army of the Potomac", "U. S. Army", "Cavalry California".
_UNIT_BEFORE = re.compile(rf"(?i)(?:\b(?:{_ORDINALS})|\barmy of(?: the)?|\b(?:{_UNITS})\.?)[ \t]+$")
_UNIT_AFTER = re.compile(rf"(?i),?[ \t]+(?:state[ \t]+)?(?:{_UNITS})\b")
_VESSELS = ("steamer|steamboat|steam-boat|gun-boat|gunboat|iron-clad|ironclad|ram|ship|schooner|sloop|brig|bark|"
            "transport|monitor|frigate|tug|tugboat|ferry-boat|vessel|cutter|yacht|liner|boat|flagship|flag-ship|"
            "steamship|steam-ship|propeller|blockader|packet|tin-clad|tinclad")
# The name of a ship ("the steamer Panama", "the iron-clad gun-boat of the enemy called the Osage").
_VESSEL_BEFORE = re.compile(rf"(?i)(?:\b(?:{_VESSELS})(?:[ \t]+of[ \t]+war)?(?:[ \t]+(?:called|named))?(?:[ \t]+the)?"
                            r"|\b(?:U\.[ \t]?S\.[ \t]?S|C\.[ \t]?S\.[ \t]?S|H\.[ \t]?M\.[ \t]?S|USS|CSS|HMS)\.?"
                            r"|\bguns[ \t]+of[ \t]+the)[ \t]+$")  # "under cover of the guns of the New Hampshire"
# The places of a numbered list of boats: "twelfth, Adriatic; thirteenth, Marmora".
_ORDINAL_LIST_BEFORE = re.compile(rf"(?i)\b(?:{_ORDINALS})[,:][ \t]+$")
# What a town's name is before a product: "Enfield musket", "Sherman tanks", "the Toyota car", "Sibley or other
# tents", "Redbud trees", "the Comanche language", "Kingsmills department store"; a station: "Europe 1 radio",
# "Rustavi 2 TV".
_PRODUCT_AFTER = re.compile(r"(?:[ \t]+(?:or|and)[ \t]+other)?[ \t]+(?:muskets?|rifles?|carbines?|revolvers?|pistols?|guns?|tanks?|"
                            r"sedan|pickup|minivan|motorcycle|juice|sauce|cheese|scouts?|bowl|crystal|china|brand|tents?|"
                            r"languages?|tongue|dialects?|trees?|department[ \t]+stores?|sausages?|submachine|"
                            r"\d{1,3}[ \t]+(?:TV|[Rr]adio|[Tt]elevision))\b")
# A people, a nation or a force named after a place, alone or with another: "the Ponca Indians", "Chickasaw
# and Seminole battalions", "the Choctaw legislature" (the second kind only after a town's name: "the Florida
# Legislature" is the state's).
_TRIBES = ("indians", "tribes", "tribe", "warriors", "battalions", "regiments", "brigades", "brigade", "legion",
           "squaw", "squaws")
_NATIONS = ("legislature", "nation", "agency", "agencies", "reservation", "chiefs", "delegation", "delegates")
# ... or among others: "the rebel Creek, Seminole, and Chickasaw Nation".
_AND_ANOTHER = r"(?:(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)[A-Z][\w-]*){0,3}[ \t]+"
_TRIBES_AFTER = re.compile(rf"(?i){_AND_ANOTHER}(?:{'|'.join(_TRIBES)})\b")
_PEOPLE_AFTER = re.compile(rf"{_AND_ANOTHER}(?:{'|'.join(_NATIONS)}|Nation|Agency|(?:Indian|INDIAN)[ \t]+(?:Agency|AGENCY))\b")
# ("Smith's River Reservation" is a place, as the corpora annotate it, and "Nez Perce Agency" a tribe's.)
_LOOK_BACK = set(_UNITS.split("|")) | set(_VESSELS.split("|")) | {"the", "of", "called", "named", "war", "s", "uss",
                                                                   "css", "hms"} | \
    {w for w in _ORDINALS.split("|") if w.isalpha()}
# The words of _LOOK_BACK that only join others in those patterns ("Army of the", "the ship of war called the"):
# one of them ends a unit or a ship's name only after another word of _LOOK_BACK.
_JOINING_BACK = {"the", "of", "war", "called", "named"}
_LOOK_AHEAD = set(_UNITS.split("|")) | {"state", "and", "indian"} | set(_TRIBES) | set(_NATIONS)
_TITLE_ABBREVIATIONS = {"sens", "reps", "sen", "rep", "gov", "govs", "atty", "supt", "sgt", "capt", "col", "gen", "adm",
                        "cmdr", "cpl", "pvt", "det", "insp", "rev", "hon", "messrs", "lieut", "maj", "brig"}
# Given names as letters abbreviate them ("CHAS. C. DWIGHT", "Geo. L. Sanborn"): never a town there, and
# a name after one is a person's (as after "Ed.", "Fred.", "Alex.", which are towns too).
_GIVEN_ABBREVIATIONS = {"benj", "geo", "jno", "wm", "chas", "thos", "jas", "saml", "robt", "edw", "richd", "jos"}
_INITIAL_BEFORE = re.compile(rf"(?:\b[A-Z]\.|\b(?:{'|'.join(sorted(_GIVEN_ABBREVIATIONS | {'ed', 'fred', 'alex'}))})"
                             r"\.)[ \t]+$", re.IGNORECASE)
_AGE_AFTER = re.compile(r",[ \t]*\d{1,3},")  # "McDaniel, 19,"
# Words before a name that make it a person's or part of another name: Arabic particles ("al-Sadr"), an
# institution's hyphen ("Hospital-Siena campus"), a football club's letters ("AC Milan"), a kinsman ("his mother,").
_OTHER_NAME_BEFORE = re.compile(r"(?:\b(?:al|el|Al|El|Abdul|Abdel|Abd|Abu|bin|ibn|Bin|Ibn)[-\u2010]|"
                         r"\b(?:Hospital|University|College|School|Medical|Center|Centre)[-\u2010]|"  # "Hospital-Siena campus"
                         r"\b(?:AC|FC|CF|AFC|SC|SS|SV|CD|RC)[ \t]+|"  # a football club: "AC Milan"
                         r"\b(?:his|her|their|my|our)[ \t]+"
                         r"(?:mother|father|son|daughter|wife|husband|brother|sister|grandmother|grandfather|uncle|aunt|"
                         r"nephew|niece|cousin),?[ \t]+)$")
# A people's name said of someone: "Hoosiers are Irish for a day", "she is Italian." (not "is Italian food").
_COPULAS = {"is", "are", "was", "were", "be", "been", "being", "become", "became", "feel", "feels", "felt"}
_NO_NOUN_AFTER = re.compile(r"[ \t]+(?:for|and|or|by|at|in|on|too|now|again|today)\b")
# Planets that towns are named after, and the words of a text that speaks of them.
_PLANETS = {"mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"}
_SKY = re.compile(r"(?i)\b(?:moons?|planets?|orbit\w*|telescopes?|astronom\w*|spacecraft|rover|solar system)\b")
_WHO_AFTER = re.compile(r",[ \t]+who[ \t]")  # "to Taylor, who would have been in full retreat"
_SAID_AFTER = re.compile(r"[ \t]+(?:said|says|told|added|explained|testified|replied|wrote)\b")
_PERSON_AFTER = re.compile(rf"(?:{_SAID_AFTER.pattern}|{_AGE_AFTER.pattern}|['\u2019]s?[ \t]+[a-z])")
_WORD_BEFORE = re.compile(r"\b([A-Z][\w'\u2019-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([A-Z][\w'\u2019-]*)")
# Initials make a person of any name after them: "Major D. C. Houston", "Stephen F. Austin", "GEORGE S. HAMPTON".
_INITIALS_BEFORE = re.compile(r"(?:\b[A-Z]\.[ \t]*){2,}$")
_GIVEN_INITIAL_BEFORE = re.compile(r"\b([A-Z][A-Za-z]+)[ \t]+[A-Z]\.[ \t]+$")
# Words that go before a person's name rather than a town's: "according to Hopkins", "said Taylor".
_SPEAKER_BEFORE = re.compile(r"(?:\baccording to|\bsaid|\bsays|\btold|\basked|\badded)[ \t]+$")
# Words before a commander's or a founder's name: "troops under Marmaduke", "commanded by Jackson".
_LEADER_BEFORE = re.compile(r"(?:\bunder|\b(?:[Cc]ommanded|[Ll]ed|[Hh]eaded|[Ff]ounded|[Dd]irected) by|\bI have directed|\bjoin|"
                            r"\bjoined|\bgesture to)[ \t]+$")
# A title and a given name before: "Deputy Andrei Lugovoi", "General Robert Lee".
_TITLE_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+)\.?[ \t]+[A-Z][a-z]+[ \t]+$")
# Words after a name that show a place is meant: "Shelby County", "Colton police", "a Berea man".
_PLACE_AFTER = re.compile(r"-based\b|[ \t]+(?:County|City|Township|Parish|[Pp]olice|[Aa]rea|[Rr]esidents?|[Nn]ative|man|woman|"
                          r"men|women|boy|girl|couple|family|[Mm]ayor|[Cc]ouncil|[Ss]chools?|[Hh]igh)\b")
# "McAuliffe of McLean,", "Bowers, 19, of Martinez", "the village of Flumeri", "the mayor of Sligo".
_RESIDENCE_BEFORE = re.compile(r"(?:,|\d|\b(?:city|town|village|county|mayor|resident|residents|native|people))[ \t]+"
                               r"of[ \t]+$", re.IGNORECASE)
_OFFICE_AFTER = re.compile(r"[ \t]+(?:administration|presidency|doctrine|campaign|government's)\b")
_OBJECT_AFTER = re.compile(r"[ \t]+(?:the|a|an|our|your|their|his|her|its)[ \t]")
_NAME_AFTER_INITIAL = re.compile(r"\.[ \t]+[A-Z][a-z]+")  # "Irvin E" + ". Rhodes"
# A middle initial after a given name: "Victoria N. Pearson", "Milton J. Little" (not "Raleigh N. C.").
_INITIAL_AFTER = re.compile(r"[ \t]+[A-Z]\.[ \t]+[A-Z][a-z]+(?![\w.])")
# A signature: "DAHLGREN, Admiral.", "W. T. SHERMAN, Major-General." (the name in capitals, the title after).
_TITLE_AFTER = re.compile(r",[ \t]*(?:[A-Z][a-z]+-)?([A-Z][a-z]+)\.?(?:[ \t]*(?:[.,;\n]|$)|[ \t]+Commanding)")
# Papers, firms, bands and streets named after a town are no mention of it: "The Richmond Sentinel",
# "Martinsville Roofing", "Brooklyn Boulevard".
_FIRMS = {"times", "tribune", "herald", "gazette", "journal", "sentinel", "examiner", "chronicle", "courier",
          "dispatch", "inquirer", "observer", "enquirer", "bulletin", "picayune", "advertiser", "democrat",
          "roofing", "restoration", "welding", "motors", "construction", "inc", "llc", "ltd", "corp",
          "corporation", "airlines", "airways", "insurance", "realty", "enterprises", "industries", "holdings",
          "apartments", "plumbing", "landscaping", "paving", "autos", "trucking", "band", "hauling", "boulevard",
          "blvd", "register", "telecom", "restaurant", "grill", "cafe", "bistro", "diner", "pizzeria", "bakery", "salon", "motel", "pub"}
# Schools and homes named after a town stand near the text's other places: "Goose Creek High School".
_FACILITY_AFTER = re.compile(r"[ \t]+(?:[A-Z][a-z]+[ \t]+)?(?:High|Middle|Elementary|School|Academy|College|University|"
                             r"Hospital|Apartments|Health|Rehab|Nursing|Retirement|elementary|school|schools|apartment)\b")
# A store, a church, a crossing or a hall is named after a man as often as after a town, and its town is
# near the text's other places if it is one: "Baltimore Store", "Lebanon Church", "Frederick's Hall",
# "San Pedro Crossing", "the Fitzwilliam Museum" (not "the Ludlow Town Hall", the town's own). So is a road
# or a club: "College Station Road" in Athens, Ga., "the Shenandoah Club" in Roanoke.
_NAMED_AFTER = re.compile(r"(?:['\u2019]s?)?[ \t]+(?!(?:Town|City|County|Public|Municipal|Civic|Community|Village)\b)"
                          r"(?:[A-Z][a-z]+[ \t]+)?(?:Store|Church|Chapel|Cathedral|Tavern|Mill|Mills|Ford|Ferry|"
                          r"Crossing|Hall|Museum|Apartments?|Country[ \t]+Club|Club|Road|Drive|Lane|Avenue|"
                          r"Street|Boulevard|Turnpike)\b")
_WORD_NEXT = re.compile(r"[ \t]+([A-Za-z]+)")
_OF_WATERS = {"river", "valley", "bottom", "bottoms", "bank", "banks", "crossing", "ford", "delta", "basin", "mouth",
              "country", "and", "or", "at", "in", "near", "to", "from", "above", "below", "was", "is", "were", "rose",
              "runs", "flows", "has", "had", "which", "where"}
_COMMAND_OF_BEFORE = re.compile(r"(?i)\b(?:department|dept|division|district|dist|army)\.?[ \t]+of[ \t]+the[ \t]+$")
# ... and a firm of two names or of a name and another word: "the Greek and Italian Grill".
_AND_FIRM = re.compile(r"[ \t]+(?:and[ \t]+)?[A-Z][\w'\u2019-]*[ \t]+(?:" + "|".join(w.title() for w in sorted(_FIRMS))
                       + r")\b")  # ... or "Yokohama Japanese Restaurant"
_FIRM_AFTER = re.compile(r"[ \t]*[A-Z]")  # the firm's word has its capital: "Martinsville Roofing", not "Michigan's electric"
# Streets named after a town: "Queens Ave.", "Richmond Street" (not the town's own "Lebanon Street Department");
# a road, a drive or a lane only in an address, after a house number or a side of town: "6016 Dublin Road",
# "1000 W. California Street" ("Apache Pass Road" and "North Druid Hills Road" are the way to the place).
_STREET_AFTER = re.compile(r"[ \t]+(?:Street|Avenue|Ave\b|Blvd\b)(?![ \t]+(?:Department|Superintendent|Commissioner|"
                           r"Director|Division)\b)")
_ROAD_AFTER = re.compile(r"[ \t]+(?:St\.|Road|Rd\b|Drive|Dr\.|Lane|Ln\b|Court|Ct\b|Place|Pl\b|Way|Terrace|Circle|"
                         r"Pike|Parkway|Pkwy\b|Trail)")
# A block of flats by its name, of one word or two: "Williamsburg Apartment complex", "the Spanish Oaks Apartments"
# (not "the Berea apartment complex", which is in Berea).
_COMPLEX_AFTER = re.compile(r"(?:[ \t]+[A-Z][a-z]+)?[ \t]+(?:Apartments?|Condominiums?|Townhomes|Townhouses)\b")
_HOMES_AFTER = re.compile(r"(?:[ \t]+and[ \t]+[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)?)?"  # "Madison Creek and Hampton Hills"
                          r"[ \t]+(?:apartments?|condominiums?|townhomes|townhouses|subdivision|mobile home)\b")
# A people's cooking: "Mexican food", "Italian cuisine" (the style, not the country).
_CUISINE_AFTER = re.compile(r"[ \t]+(?:food|foods|cuisine|cooking|dish|dishes|fare|grocery|restaurants?|bakery|sugar|"
                            r"candy|chocolate|coffee|beer|wine|cheese|bread|pastry|pastries|music|songs?|"
                            r"rock|folk|dances?|dancing)\b")  # ... or of singing: "traditional Irish songs"
_OWNER_BEFORE = re.compile(r"\b([A-Z][a-z]+)['\u2019]s[ \t]+$")
_KNOWN_AS_BEFORE = re.compile(r"\b(?:known|nicknamed)[ \t]+as[ \t]+$")
_STREET_WORDS = {"street", "avenue", "ave", "blvd", "st", "road", "rd", "drive", "dr", "lane", "ln", "court", "ct", "place",
                 "pl", "way", "terrace", "circle", "pike", "parkway", "pkwy", "trail"}
_ADDRESS_BEFORE = re.compile(r"(?:\b\d+[A-Za-z]?|\b[NSEW]\.?|\b(?:North|South|East|West))[ \t]+$")
# What a place's name may be the head of: "Miami-based", "Georgian-controlled" (not "Agro-defense").
_PLACE_SUFFIX = re.compile(r"-(?:based|area|born|bred|bound|style|region|wide|metro|raised|headquartered|"
                           r"owned|grown|made|native|centric|controlled|led|majority|backed|run|held|occupied|"
                           r"speaking|sponsored|funded|allied|friendly|bred|educated)\b")
_LIST_GOES_ON = re.compile(r"(?:,|[ \t]+and|[ \t]+or)[ \t]")
# "the Osage and Lexington in the", "the General Jessup and Long Branch to put on steam"
_THE_X_AND_BEFORE = re.compile(r"\b[Tt]he[ \t]+([A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,2})[ \t]+and[ \t]+$")
# A commander's men: "Hampton's cavalry", "Franklin's ranks", "Shelby's command".
_FORCE_AFTER = re.compile(r"['\u2019]s[ \t]+(?:cavalry|infantry|brigade|division|corps|command|men|troops|forces|army|"
                          r"regiment|battery|staff|raiders|guerrillas|band|ranks|column|escort|scouts|pickets)\b")
# What only a person has: "the reward in Paris’ case", "dispatched to Paris’ residence".
_KIN_AFTER = re.compile(r"['\u2019]s?[ \t]+(?:case|residence|death|body|family|wife|husband|son|daughter|mother|father|"
                        r"funeral|murder|killer|killing|arrest|trial|parents|girlfriend|boyfriend|widow|sentencing|"
                        r"conviction|lawsuit)\b")
_TRIAL_AFTER = re.compile(r"[ \t]+(?:hearing|case|trial|sentencing|arraignment|murder|death|funeral)\b")  # "in Fairfield hearing"
# A list of surnames after a title: "Lieutenant Smith, Wylie, Washburn, Owen, Bell".
_TITLED_LIST_BEFORE = re.compile(rf"\b(?:{'|'.join(_TITLES)})\.?[ \t]+[A-Z][a-z]+,(?:[ \t]+[A-Z][a-z]+,){{0,5}}[ \t]+$")
_LIST_AFTER = re.compile(r",[ \t]+[A-Z][a-z]+[,.]")
# After "the", a town's name followed by a verb, a preposition or a stop is a ship, a car or a firm named
# after it: "the Osage on the afternoon", "The Wabash goes to sea", "the Hastings, with", "the Honda was".
# A verb in the past or an adverb: "The Toyota failed to yield", "The Nigerian successfully sent" (a verb, not an
# adjective, "a Georgian armored carrier": a word of a clause after it; an adverb, not a noun or an adjective,
# "the Russian daily", "the Mexican family"). The surest sign of the kind: the same name after "the" elsewhere
# is the same thing ("driving the Toyota turning left"). (Not after two spaces, where a report lost a comma. Of
# a people's name, only of one man's: "The Mexican begged us", not "The Chinese invested in Africa".)
_DOES = (r"(?<![ \t]{2})(?:[a-z]{2,}ed(?=[ \t]+(?:to|us|him|her|them|me|the|a|an|that|in|on|at|into|by|with|his|its|"
         r"their|out|up|off|down|back)\b|[.,;])"
         r"|(?!(?:family|assembly|supply|rally|monopoly|anomaly|butterfly|jelly|belly|daily|weekly|monthly|yearly|"
         r"nightly|hourly|friendly|costly|deadly|elderly|lovely|lonely|likely|early|only|holy|ugly|woolly|silly|"
         r"jolly)\b)[a-z]{2,}ly)")
_DOES_AFTER = re.compile(rf"[ \t]+(?:{_DOES})\b")
_THING_AFTER = re.compile(r"(?:,|[ \t]+and|[ \t]+or)[ \t]+[a-z0-9]|[.;:)]|[ \t]+(?:was|is|has|had|goes|went|on|in|at|to|with|which|that|for|off|"
                          r"from|came|were|will|would|could|lay|lying|passed|moved|arrived|left|took|fired|opened|"
                          r"got|returned|being|also|then|struck|ran|sank|sailed|steamed)\b")
_NAMES_NOTHING_EXCEPT = {"north", "south", "east", "west", "new", "old", "upper", "lower", "great", "little", "big",
                         "northeastern", "northwestern", "southeastern", "southwestern", "middle", "mid", "lake",
                         "northeast", "northwest", "southeast", "southwest", "downtown", "suburban", "metro",
                         # a town's own bodies, which locate what they name: "Gainesville Police"
                         "police", "fire", "city", "county", "public", "municipal", "council", "mayor", "school",
                         "schools", "high", "elementary", "university", "college", "hospital", "library",
                         "airport", "area", "region", "community", "chamber", "utilities", "parks", "sheriff",
                         "department", "township", "village", "town", "residents", "regional", "independent",
                         "court", "superior", "circuit", "district", "probate", "juvenile", "board", "commission",
                         "transit", "housing", "health", "courthouse", "jail", "museum", "zoo",
                         "central", "greater", "northern", "southern", "eastern", "western", "saint", "san", "santa",
                         "january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                         "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
                         "saturday", "sunday", "headquarters", "hdqrs", "hdqrs", "camp", "near"}


def _names_nothing(word: str) -> bool:
    """Is a capitalised word beside a town neither a place word nor a word of dates and datelines?"""
    low = word.lower()
    return not (low in _NAMES_NOTHING_EXCEPT or low in _FUNCTION or low in _LOCATIVE or low in _GENERIC)


def _may_look_back(word: str) -> bool:
    """Is ``word`` a word of _LOOK_BACK, or does it end with one after a character of no word (the patterns'
    ``\\b``: "(gun-boat"), in any case, as their ``(?i)`` reads it (a long s, a dotless i are s and i)?"""
    word = word.translate(_REGEX_CASES).lower()
    return word in _LOOK_BACK or any(word[i + 1:] in _LOOK_BACK for i, c in enumerate(word)
                                     if not (c.isalnum() or c == "_"))


_REGEX_CASES = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i"})


def _after_title(text: str, start: int) -> bool:
    """Does a title ("Gen.", "Mr", "COLONEL") stand just before ``start``?"""
    before = text[max(0, start - 16):start]
    if not before[-1:] in (" ", "\t"):
        return False
    words = before.split()
    # "Brigadier-General Carleton", "Lieutenant-Colonel Smith": the title is the last part
    return bool(words) and words[-1].rstrip(".").rsplit("-", 1)[-1] in _TITLE_WORDS
# Abbreviated states and countries: one to three capitalised tokens of up to six letters, each with its period.
_ABBR_TOKEN = re.compile(r"[A-Z][A-Za-z]{0,5}\.")
_ABBR = re.compile(r"(?<![\w.])[A-Z][A-Za-z]{0,5}\.(?:[ \t]?[A-Z][A-Za-z]{0,5}\.){0,2}")
_CODE_AFTER = re.compile(r"[ \t]*(?:,|\()[ \t]*([A-Z]{2})\b(?![.\w])")
# What stands between a place and the region that qualifies it: "Charleston, South Carolina",
# "Portland (Maine)", and nothing at all in texts whose punctuation was lost ("FORT GASTON CAL.").
_QUALIFIER = re.compile(r"[ \t]*(?:,|\()?[ \t]*\n?[ \t]*")
_CODE_OPENERS = (",", "(", " (")
_LETTER_COUNTRIES = {"US": "U.S.", "USA": "U.S.A.", "UK": "U.K."}  # countries written in capitals, no periods
_NAME_COMMA_BEFORE = re.compile(r"([A-Z][\w'\u2019-]*(?:[ \t][A-Z][\w'\u2019-]*){0,3}),[ \t]*$")
_REGION_AFTER = re.compile(r"[ \t]*[,(][ \t]*[A-Z]")
_MAX_CACHED_RUNS = 200_000
_FAR_FROM_REGION = 800.0  # km from a state's middle: "Fort Yuma, Cal." lies 680 km from California's
_PHRASE_RARER = 1.0  # Zipf steps; 1.5 let in "War I" and "William S"
_TOWN_BODIES = {"police", "city", "council", "county", "fire", "mayor", "township", "commission", "airport",
                "residents", "municipal", "borough"}
_MILITARY = re.compile(r"(?i)(?:fort|ft|camp|cantonment|post)\b")
_MAX_ONLINE = 100


# Names listed after a title in the plural are persons: "Lieutenants Porter and Du Bois", "Sergeants
# Palmer, Lavender, and Privates Munson, Starke".
_PLURAL_TITLES = {"lieutenants", "lieuts", "captains", "capts", "generals", "gens", "colonels", "cols", "majors",
                  "sergeants", "sergts", "corporals", "privates", "messrs", "surgeons", "drs", "doctors", "judges",
                  "senators", "governors", "admirals", "commodores", "brothers", "sisters", "misses", "chiefs"}


def _plural_title_before(text: str, start: int) -> bool:
    """Is the name at ``start`` one of a list after a title in the plural ("Lieutenants Porter and
    Du Bois", "Sergeants Palmer, Lavender, and Privates Munson, Starke")? Reads back at most 12 words."""
    for word in reversed(text[max(0, start - 120):start].split()[-12:]):
        bare = word.strip("[],.")  # "Colonels Dahlgren, [Major] Cooke, and Litchfield"
        if bare.lower() in _PLURAL_TITLES:
            return True
        if not (bare[:1].isupper() or bare == "and"):
            return False
    return False


def _town_or_none(hit: _Hit | None) -> bool:
    """Is a word found as nothing, or only as towns (a name of persons as much: "Bush", "Matthews")?"""
    return hit is None or hit.kind == "geonames" and all(o.feature_class == "P" for o in hit.options)


def _given_and_surname(name: str) -> bool:
    """Two words, a common given name and a common surname: "Alex Branch", "Elizabeth Mills"."""
    words = name.split()
    names = _person_names()
    return len(words) == 2 and words[0].title() in names.common_given and words[1].title() in names.common_surnames


def _led(before: str) -> bool:
    """Do the words before make a person of the name: "troops under Marmaduke", "Deputy Andrei Lugovoi"?"""
    if _LEADER_BEFORE.search(before):
        return True
    t = _TITLE_NAME_BEFORE.search(before)
    return bool(t) and t.group(1).rsplit("-", 1)[-1] in _TITLE_WORDS


def _signed(after: str) -> bool:
    """Does a title follow as in a signature: ", Admiral.", ", Major-General.", ", Colonel, Commanding"?"""
    m = _TITLE_AFTER.match(after)
    return bool(m) and m.group(1) in _TITLE_WORDS


class _PersonNames(NamedTuple):
    given: frozenset[str]
    surnames: frozenset[str]
    common_surnames: frozenset[str]  # borne by 5 in 100,000
    common_given: frozenset[str]  # borne by 20 in 100,000


@functools.cache
def _person_names() -> _PersonNames:
    """Given names and surnames, in title case (US Census 1990, ``geo/data/person_names.json``): read on first use."""
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parent / "data" / "person_names.json").read_text(encoding="utf-8"))
    return _PersonNames(*(frozenset(data[f]) for f in _PersonNames._fields))


# A given name and a surname before a name ("Sarah Bush Lincoln"), or before a double surname ("Nina Webb-Lawton").
_GIVEN_SURNAME_BEFORE = re.compile(r"(?<![\w.])([A-Z][a-z]+)[ \t]+([A-Z][a-z]+)[ \t]+$")
_HYPHENED_BEFORE = re.compile(r"(?<![\w.])([A-Z][a-z]+)[ \t]+([A-Z][a-z]+)-$")
_SURNAME_AFTER = re.compile(r"[ \t]+([A-Z][A-Za-z'\u2019-]+)(?![\w.])")


def _initials(text: str, start: int, end: int, gn: GeoNames | None, qualifies: bool) -> bool:
    """Are the letters of ``text[start:end]``, each with its period, a person's initials ("W. T. LEEPER"), not a
    state ("S. C.")?

    Two or more single letters before a common surname that is no word of dates or places; after a
    town ("Beaufort, N. C. Morehead City") only where the surname signs: "Batesville W. T. LEEPER, Captain".
    """
    letters = text[start:end].replace(" ", "").replace("\t", "")
    if len(letters) < 4 or any(len(t) != 1 for t in letters.split(".")[:-1]):
        return False
    nxt = _SURNAME_AFTER.match(text, end)
    if nxt and _after_title(text, start):
        return True  # "General U. S. Grant"
    if qualifies and not (nxt and nxt.group(1).isupper() and _signed(text[nxt.end():nxt.end() + 40])):
        return False
    return bool(nxt) and _names_nothing(nxt.group(1)) and nxt.group(1).title() in _person_names().surnames \
        and (nxt.group(1).isupper() or gn is None or gn.word_frequency(nxt.group(1)) < 3.0)


def _ocr_key(s: str) -> str:
    """A key under which scanning confusions (l/i/1, rn/m, cl/d, vv/w, 0/o) look the same."""
    k = name_key(s).replace("rn", "m").replace("cl", "d").replace("vv", "w")
    return k.translate(str.maketrans({"l": "i", "1": "i", "0": "o"}))


class _NeedsContext(Exception):
    """Raised while reading a run when the answer depends on the words around it."""


_CONTEXT = object()


@dataclass(frozen=True)
class _Hit:
    """A match inside a run: token range, and what it is."""

    start: int  # offsets relative to the run
    end: int
    kind: str  # "place", "register", "geonames", "slip"
    key: str
    places: tuple[Place, ...] = ()
    entry: Entry | None = None
    options: tuple[Feature, ...] = ()  # the index's candidates, for "geonames" and "demonym" hits
    generic: bool = False  # a name made a place by a generic word beside it ("Fort Yuma")
    spelled: bool = False  # found by its spelling key ("Menindie" for Menindee)


class Geoparser:
    """A geoparser over one curated gazetteer, one register and (optionally) GeoNames.

    Build it once and call :meth:`find` for each text; it caches what it learns about each run of
    words, so many texts with the same names cost little more than one.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, register: Register | None = None,
                 geonames: GeoNames | bool | None = True, online: Source | bool | None = None):
        self.gazetteer = load_gazetteer() if gazetteer is None else gazetteer
        if online is None or online is True:
            from geo.online import default_online, online_enabled

            online = default_online() if online is True or online_enabled() else None
        # Asked only for capitalised names after a preposition of place that nothing offline knows.
        self.online: Source | None = online or None
        self.register = load_register() if register is None else register
        if geonames is True:
            from geo.geonames import shared

            geonames = shared()
        self.geonames: GeoNames | None = geonames or None
        self._places = self.gazetteer.name_keys
        self._register = {name_key(n): e for n, e in self.register.names().items()}
        self._place_slips: dict[str, set[str]] = {}
        for k, ps in self._places.items():
            if len(k) >= 5:
                self._place_slips.setdefault(_ocr_key(k), set()).update(p.id for p in ps)
        self._register_slips = {_ocr_key(k) for k in self._register if len(k) >= 5}
        # A GeoNames place the gazetteer curates is the curated place: its names of the time, its point.
        self._curated_gn = {f"gn:{p.link('gn')}": p for p in self.gazetteer if p.link("gn")}
        self._place_spellings: dict[str, set[str]] = {}
        for k, ps in self._places.items():
            if len(k) >= 5:
                self._place_spellings.setdefault(spelling_key(k), set()).update(p.id for p in ps)
        self._register_spellings = {spelling_key(k) for k in self._register if len(k) >= 5}
        self._max_words = _MAX_NAME_WORDS
        self._analyse = functools.lru_cache(maxsize=65536)(self._analyse_run)
        self._plain: dict[str, tuple[_Hit, ...] | object] = {}

    # -- one run of capitalised words, independent of where it stands (cached)

    def _analyse_run(self, run: str, sentence_initial: bool | None,
                     after_locative: bool | None) -> tuple[_Hit, ...] | object:
        """The matches in a run; ``_CONTEXT`` if the answer depends on a flag given as None (unknown)."""
        try:
            return self._matches(run, sentence_initial, after_locative)
        except _NeedsContext:
            return _CONTEXT

    def _matches(self, run: str, sentence_initial: bool | None, after_locative: bool | None) -> tuple[_Hit, ...]:
        parts = [(m.start(), m.end(), m.group()) for m in _PART.finditer(run)]
        hits: list[_Hit] = []
        unmatched: list[list[tuple[int, int, str]]] = [[]]
        i = 0
        while i < len(parts):
            s, e, word = parts[i]
            hit = None
            if word[0].isupper():
                for j in range(min(len(parts), i + self._max_words), i, -1):
                    end = parts[j - 1][1]
                    if not parts[j - 1][2][0].isalnum() or parts[j - 1][2] in _CONNECTORS:
                        continue
                    key = name_key(run[s:end])
                    places = self._places.get(key)
                    entry = self._register.get(key)
                    if places and entry:
                        # A name both of a place and of a person: "in Frunze" is the town.
                        if after_locative is None:
                            raise _NeedsContext
                        hit = _Hit(s, end, "place", key, tuple(places)) if after_locative and i == 0 else \
                            _Hit(s, end, "register", key, entry=entry)
                    elif places:
                        hit = _Hit(s, end, "place", key, tuple(places))
                    elif entry:
                        hit = _Hit(s, end, "register", key, entry=entry)
                    if hit:
                        if hit.kind == "register" and self.geonames is not None:
                            # A longer name of the index holds the register's word: "West Bank" is not "the West".
                            for k in range(min(len(parts), i + self._max_words), j, -1):
                                longer = run[s:parts[k - 1][1]]
                                if parts[k - 1][2][0].isupper() and (options := self.geonames.lookup(longer)):
                                    hit, j = _Hit(s, parts[k - 1][1], "geonames", name_key(longer),
                                                  options=tuple(options)), k
                                    break
                        i = j
                        break
            if hit and hit.kind == "place" and unmatched[-1] and self.geonames is not None:
                # A longer name of the index holds the curated one: "New Mexico" is not Mexico.
                for k in range(max(0, len(unmatched[-1]) - 3), len(unmatched[-1])):
                    start = unmatched[-1][k][0]
                    if unmatched[-1][k][2][0].isupper() and self.geonames.lookup(run[start:hit.end]):
                        options = self.geonames.lookup(run[start:hit.end])
                        hit = _Hit(start, hit.end, "geonames", name_key(run[start:hit.end]), options=tuple(options))
                        del unmatched[-1][k:]
                        break
            if hit:
                hits.append(hit)
                unmatched.append([])
            else:
                if word[0].islower() and not unmatched[-1]:
                    unmatched.append([])
                else:
                    unmatched[-1].append((s, e, word))
                i += 1
        for group in unmatched:
            first = bool(group) and group[0][0] == 0
            hits += self._fallback(run, group, sentence_initial if first else False, after_locative if first else False)
        return tuple(h for h in hits if h.kind != "register")

    def _fallback(self, run: str, group: list[tuple[int, int, str]], initial: bool | None,
                  locative: bool | None) -> list[_Hit]:
        """The offline index, then scanning slips, for capitalised words that matched no curated name.

        The words are read from the left, the longest name first ("New Orleans" in "New Orleans
        They"), so a name is found inside a longer run of capitals. A generic word beside a name makes
        it a place ("Fort Yuma", "Redwood Creek"): put at the namesake, marked as placed by its name.
        """
        hits: list[_Hit] = []
        n, i, first = len(group), 0, True
        while i < n:
            word = group[i][2]
            low = word.lower()
            if low in _FUNCTION or not word[0].isupper():
                # "In Moscow": the function word stood where a preposition stands.
                if first and low in _FUNCTION:
                    locative = locative or low in _LOCATIVE
                    initial = False
                i += 1
                continue
            at_start = first and group[i][0] == group[0][0]
            hit, i = self._name_at(run, group, i, initial if at_start else False, locative if first else False)
            first = False
            if hit:
                hits.append(hit)
        return hits

    def _name_at(self, run: str, group: list[tuple[int, int, str]], i: int, initial: bool | None,
                 locative: bool | None) -> tuple[_Hit | None, int]:
        """The longest name of the index starting at word ``i``, and the word after it."""
        n = len(group)
        s = group[i][0]
        gn = self.geonames
        if gn is not None:
            longest = min(n, i + self._max_words) if group[i][2] in _EXPAND or gn.leads(group[i][2]) else i + 1
            for j in range(longest, i, -1):
                if not group[j - 1][2][0].isupper() or (j == i + 1 and group[i][2].lower() in _GENERIC):
                    continue  # a generic word alone ("Fort", "River") names nothing
                e = group[j - 1][1]
                text = run[s:e]
                key = name_key(text)
                if text in _LETTER_COUNTRIES and not (run.isupper() and run != text):
                    # "the US economy", "UK troops" (not "LET US GO" in a heading)
                    return _Hit(s, e, "geonames", "abbr:" + key,
                                options=tuple(gn.lookup(_LETTER_COUNTRIES[text], ABBREVIATION))), j
                if len(key) < 4 or (text.isupper() and len(text) <= 3):
                    continue
                kind = "geonames"
                # A people's name is its country, not a town called so: "American", "Russian".
                options = gn.lookup(text, DEMONYM) if j <= i + 2 else []
                if options:
                    kind = "demonym"
                else:
                    options = gn.lookup(text)
                if not options and group[i][2] in _EXPAND and j > i + 1:  # "Ft. Smith" is "Fort Smith"
                    options = gn.lookup(_EXPAND[group[i][2]] + run[group[i + 1][0]:e])
                if not options:
                    continue
                # A generic word just before or after makes the name a place whatever its commonness.
                before = i > 0 and group[i - 1][2].lower() in _GENERIC_BEFORE and group[i - 1][1] + 1 >= s
                k = j + 1 if j < n and group[j][2] == "s" else j
                after = k < n and group[k][2].lower() in _GENERIC_AFTER
                # "Madison Court-House" is a place; "Superior Court" and "Martin Court" are not.
                court = not after and k + 1 < n and group[k][2].lower() == "court" and group[k + 1][2].lower() == "house"
                if before or after or court:
                    after = after or court
                    gs = group[i - 1][0] if before else s
                    ge = group[k + court][1] if after else e
                    generic = "courthouse" if court else (group[i - 1] if before else group[k])[2].lower()
                    # "the Mississippi River" is the river, not the state, when the index has the river.
                    same = [o for o in options if o.feature_class in _GENERIC_CLASS.get(generic, "")]
                    if not same and kind == "demonym":
                        # A people's river or spring is not their country: "the Canadian River" of the Indian
                        # Territory is 2,000 km from the middle of Canada.
                        return None, (k + 1 + court if after else j)
                    if not same and generic in _SETTLEMENT_GENERICS:
                        # "Port Hudson", "Fort Smith": put at a town of the name, if any, not at the Hudson River
                        options = [o for o in options if o.feature_class == "P"]
                        if not options:
                            return None, (k + 1 + court if after else j)
                    return _Hit(gs, ge, "geonames", name_key(run[gs:ge]), options=tuple(same or options),
                                generic=not same), (k + 1 + court if after else j)
                # A town's own bodies after it show a town is meant: "Oxford City Council", "Bend Police".
                bodies = j < n and group[j][2].lower() in _TOWN_BODIES
                if kind == "demonym" or self._plausible(text, options, False if bodies else initial,
                                                         True if bodies else locative):
                    return _Hit(s, e, kind, key, options=tuple(options)), j
                if j == i + 1:
                    return None, j
                # "Oxford City Council": no town "Oxford City" in running prose, but Oxford.
        word = group[i][2]
        key = name_key(word)
        hit = self._spelled(group[i], key, locative) if len(key) >= 5 else None
        if hit:
            return hit, i + 1
        if len(key) >= 5:
            slip = _ocr_key(word)
            if slip not in self._register_slips:
                ids = self._place_slips.get(slip)
                if ids and len(ids) == 1 and (gn is None or gn.word_frequency(word) < 2.0):
                    return _Hit(s, group[i][1], "slip", key, (self.gazetteer[next(iter(ids))],)), i + 1
        return None, i + 1

    def _spelled(self, part: tuple[int, int, str], key: str, locative: bool | None) -> _Hit | None:
        """A rare word spelled as a known name is spelled elsewhere ("Vierny", "Werny" for Verny).

        Only a word no dictionary knows, and no person's name: spellings meet by accident otherwise.
        A small town so found must stand where a place stands ("to Menindie"); a curated place, a
        region, a water or a town of 20,000 may stand anywhere.
        """
        s, e, word = part
        gn = self.geonames
        sk = spelling_key(word)
        if sk in self._register_spellings or (gn is not None and gn.word_frequency(word) >= 1.5):
            return None
        ids = self._place_spellings.get(sk)
        if ids and len(ids) == 1:
            place = self.gazetteer[next(iter(ids))]
            return _Hit(s, e, "spelling", key, (place,))
        if gn is not None:
            options = gn.lookup_spelling(word)
            if options and not any(o.population >= 20000 or o.feature_class != "P" for o in options):
                if locative is None:
                    raise _NeedsContext
                if not locative:
                    return None
            if options:
                return _Hit(s, e, "geonames", key, options=tuple(options), spelled=True)
        return None

    def _plausible(self, text: str, cities: list[Feature], initial: bool | None, locative: bool | None) -> bool:
        """Is this capitalised name more likely the town than the English word or a person?

        The bigger the town, the more common a word its name may be and still be meant as the town
        ("Paris", but not "Nice" or "Reading" in running prose). After "in", "to" or "from" a name is
        read as a place readily; at the start of a sentence, where every word has a capital, less so.
        A name of several words is as common as its rarest word, less a step ("Red Cross" is no town).
        """
        assert self.geonames is not None
        words = _PART.findall(text)
        # Words written together with capitals are rarer than the rarer of them alone: "Little Rock" and
        # "Great Falls" are towns in running prose, not only after "in" or "to".
        zipf = min(self.geonames.word_frequency(w) for w in words) - _PHRASE_RARER if len(words) > 1 else \
            self.geonames.word_frequency(text)
        if len(words) > 1 and any(o.source == "world" for o in cities):
            return True  # a region or a water of the world layer, however common its words: "West Bank"
        if zipf < 2.0 or (len(words) > 1 and (words[0].lower() in _GENERIC_BEFORE
                                              or words[-1].lower() in _GENERIC_AFTER
                                              or "".join(words[-2:]).lower() == "courthouse")):
            return True  # a rare word, or a name whose form says it is a place: "Cape Horn", "Rock Creek"
        size = _own_size(text, cities)
        margins = {(False, False): 0.5, (True, False): 1.0, (False, True): 0.0, (True, True): 0.0}
        options = {v for (i, lo), v in margins.items()
                   if (initial is None or i == initial) and (locative is None or lo == locative)}
        answers = {size >= zipf + m for m in options}
        if len(answers) > 1:
            raise _NeedsContext
        return answers.pop()

    # -- a whole text

    def find(self, text: str, *, doc: str | None = None, date: dt.date | str | int | None = None) -> list[Mention]:
        """Every place mention in ``text``, in order."""
        if isinstance(date, str):
            date = parse_date(date)
        found: list[tuple[int, int, _Hit]] = []
        dotted: list[int] = []  # starts of short runs followed by a period: abbreviations, perhaps
        # The runs that matched nothing, each with where it stands, for the online look-up and one sense per
        # text: by run, since a run recurs (and a list of ints asks nothing of the garbage collector).
        unknown: collections.defaultdict[str, list[int]] = collections.defaultdict(list)
        plain = self._plain
        joined = 0
        # The loop runs once per run of capitals (some 20,000 a megabyte) but does real work only once per
        # distinct run: each step here is kept to a few cheap operations.
        for m in _RUN.finditer(text):
            start, end = m.span()
            if start < joined:
                continue  # read already, as part of the run before
            after = text[end:end + 1]
            if after in _JOINERS:
                end = joined = _joined(text, start, end)
                run = text[start:end]
                if text[end:end + 1] == ".":
                    last = max(run.rfind(" "), run.rfind("\n")) + 1  # "Washington D" of "Washington D. C."
                    if len(run) - last <= 6:
                        dotted.append(start + last)
            else:
                run = m.group()
            hits = plain.get(run)
            if hits is None:
                if len(plain) > _MAX_CACHED_RUNS:
                    plain.clear()  # a long-lived parser meets many texts: keep memory bounded
                hits = plain[run] = self._analyse_run(run, None, None)
            if hits is _CONTEXT:
                # Only runs whose reading depends on where they stand pay for looking around.
                before = text[max(0, start - 40):start]
                stripped = before.rstrip(" \t\"'‘“(—–-")
                initial = not stripped or stripped[-1] in ".!?:\n"
                words = before.split()
                locative = bool(words) and words[-1].lower() in _LOCATIVE
                hits = self._analyse(run, initial, locative)
            if hits:
                for h in hits:
                    found.append((start + h.start, start + h.end, h))
            else:
                unknown[run].append(start)
        if self.geonames is not None and (dotted or found):
            found = self._abbreviations(text, found, dotted)
        if unknown and self.online is not None:
            found = sorted(found + self._ask_online(text, unknown), key=lambda x: x[0])
        if unknown and found:
            found = self._same_sense(text, found, unknown)
        if self.geonames is not None:
            found = _without_lone_divisions(text, found, self._plausible)
        found = self._not_places(text, self._persons(text, found))
        return self._resolve(text, found, doc, date)

    @staticmethod
    def _same_sense(text: str, found: list[tuple[int, int, _Hit]],
                    unknown: dict[str, list[int]]) -> list[tuple[int, int, _Hit]]:
        """One sense per text: a name read as a place where a place stands ("to Menindie") is the
        same place where it stands alone ("Menindie was hot"), as a whole run."""
        known = {text[s:e]: h for s, e, h in found if h.kind in ("geonames", "spelling", "slip")}
        more = [(s, s + len(run), h) for run, h in known.items() if run in unknown for s in unknown[run]]
        if not more:
            return found
        taken = {s for s, _, _ in found}
        more = [x for x in more if x[0] not in taken]
        return sorted(found + more, key=lambda x: x[0]) if more else found

    def _ask_online(self, text: str, unknown: dict[str, list[int]]) -> list[tuple[int, int, _Hit]]:
        """The online source, for names after "in", "at", "to", "from"... that nothing offline knows.

        Not a common English word, at most four words, and at most ``_MAX_ONLINE`` distinct names a
        text: a request costs a second.
        """
        assert self.online is not None
        in_order = sorted((s, s + len(name), name) for name, starts in unknown.items() for s in starts)
        answers: dict[str, list[Feature]] = {}
        for s, e, name in in_order:
            key = name_key(name)
            words = _PART.findall(name)
            before = text[max(0, s - 16):s].split()
            if key in answers or not (1 <= len(words) <= 4 and before and before[-1].lower() in _LOCATIVE) \
                    or len(key) < 4 or len(answers) >= _MAX_ONLINE:
                continue
            if self.geonames is not None and min(self.geonames.word_frequency(w) for w in words) >= 3.0:
                continue
            answers[key] = self.online.lookup(name)
        # One sense per text: a name found after "to" is the same place where it stands alone.
        return [(s, e, _Hit(0, e - s, "geonames", "online:" + k, options=tuple(answers[k])))
                for s, e, name in in_order if answers.get(k := name_key(name))]

    def _abbreviations(self, text: str, found: list[tuple[int, int, _Hit]],
                       dotted: list[int]) -> list[tuple[int, int, _Hit]]:
        """States and countries as abbreviated ("Mo.", "S. C.", "U.S."), and codes after a town ("Boise, ID").

        An abbreviation that is also a common word or initials ("Miss.", "Ind.", "N. C.") counts only
        where it qualifies a place just before it ("Jackson, Miss.", "Raleigh N. C.").
        """
        assert self.geonames is not None
        gn = self.geonames
        extra: list[tuple[int, int, _Hit]] = []
        ends = {e for _, e, _ in found}
        for m in self._dotted_runs(text, dotted):
            tokens = [t for t in _ABBR_TOKEN.finditer(m.group())]
            # (No name ending just before, as for most: then nothing to look at between.)
            qualifies = not ends.isdisjoint(range(m.start() - 4, m.start() + 1)) and any(
                e in ends and text[e:m.start()].strip(" \t,(") == "" for e in range(m.start() - 4, m.start() + 1))
            if _initials(text, m.start(), m.end(), gn, qualifies):
                continue  # a person's initials before the surname: "W. T. LEEPER, Captain"
            if len(tokens[0].group()) > 2 and len(tokens) > 2 and len(tokens[-1].group()) == len(tokens[-2].group()) == 2:
                # initials after another word's period: "General Banks. U. S. GRANT, Lieutenant-General."
                lead = 1 if len(tokens[1].group()) == 2 else 2
                if _initials(text, m.start() + tokens[lead].start(), m.end(), gn, False):
                    tokens = tokens[:lead]
            i = 0
            while i < len(tokens):
                for j in range(len(tokens), i, -1):
                    s, e = m.start() + tokens[i].start(), m.start() + tokens[j - 1].end()
                    abbr = text[s:e]
                    options = gn.lookup(abbr, ABBREVIATION)
                    if options and not qualifies and len(abbr) == 3 and abbr[:2].isupper() and j - i == 1:
                        options = []  # "PA." alone is the Palestinian Authority as often as Pennsylvania
                    if not options and qualifies and i == 0:
                        options = gn.lookup(abbr, CODE)
                    elif not options and i == 0:
                        # "COLUMBIA, S.C. —": a town of that state just before, which the runs missed
                        # (a capital at the head of a dateline makes no place by itself).
                        town = self._town_before(text, m.start(), gn.lookup(abbr, CODE))
                        if town:
                            extra.append(town)
                            options = gn.lookup(abbr, CODE)
                    if options:
                        extra.append((s, e, _Hit(s - s, e - s, "geonames", "abbr:" + name_key(abbr),
                                                 options=tuple(options))))
                        i = j
                        break
                else:
                    i += 1
        for s, e, h in found:
            # A postal code after a town: "Boise, ID", "Portland (ME)".
            if not text.startswith(_CODE_OPENERS, e):
                continue
            m = _CODE_AFTER.match(text, e)
            if m:
                options = gn.lookup(m.group(1), CODE)
                if options:
                    extra.append((m.start(1), m.end(1), _Hit(0, 2, "geonames", "code:" + m.group(1).lower(),
                                                             options=tuple(options))))
        if not extra:
            return found
        # Where an abbreviation and a run's reading overlap ("Mo" of "Mo."), the abbreviation wins.
        extra.sort(key=lambda x: x[0])
        out, k = [], 0
        for s, e, h in found:  # both in order of start: one walk over the two
            while k < len(extra) and extra[k][1] <= s:
                out.append(extra[k])
                k += 1
            if not (k < len(extra) and extra[k][0] < e):
                out.append((s, e, h))
        out += extra[k:]
        return out

    def _town_before(self, text: str, start: int, regions: list[Feature]) -> tuple[int, int, _Hit] | None:
        """A town of one of ``regions`` named just before ``start`` and a comma: "Columbia, " of "Columbia, S.C."."""
        regions = [r for r in regions if r.feature_code in ("PCLI", "ADM1")]
        m = _NAME_COMMA_BEFORE.search(text, max(0, start - 48), start) if regions else None
        if not m or self.geonames is None:
            return None
        words = list(_PART.finditer(m.group(1)))
        for k in range(len(words)):  # the longest name first: "Myrtle Beach" before "Beach"
            s = m.start(1) + words[k].start()
            name = text[s:m.end(1)]
            inside = [o for o in self.geonames.lookup(name) if any(_inside(o, r) for r in regions)]
            if inside:
                return s, m.end(1), _Hit(0, m.end(1) - s, "geonames", name_key(name), options=tuple(inside))
        return None

    @staticmethod
    def _dotted_runs(text: str, dotted: list[int]):
        """The abbreviations ("Mo.", "S. C.", "Wash. Ter.") among the short runs followed by a period."""
        last = -1
        for start in dotted:
            if start < last:
                continue  # inside the abbreviation just read ("C." of "S. C.")
            m = _ABBR.match(text, start)
            if m:
                last = m.end()
                yield m

    def _not_places(self, text: str, found: list[tuple[int, int, _Hit]]) -> list[tuple[int, int, _Hit]]:
        """Names of the index that the words around them show to be no place mention.

        A state or country in a military unit ("First Cavalry California Volunteers", "Nineteenth
        Maine", "U. S. Army", "Army of the Potomac"); a ship ("the flagship Minnesota", "The Wabash goes
        to sea"); a paper or a firm ("The Richmond Sentinel", "Martinsville Roofing"); and a town of the
        index (not a curated place, not a region, not one of 100,000 people) shaped like a person: after an
        initial ("J. A. EWING") or a title in the plural ("Lieutenants Porter and Du Bois"), beside a
        capitalised word that is no place ("Mayor Ryan Bingham", "Cora Kelly Elementary", "Honda
        Accord"), a given name before a surname or an initial ("Elizabeth Fairfield", "Victoria N.
        Pearson"), before "said" or an age ("Kristina said", "McDaniel, 19"), owning something
        ("Kilpatrick's command"), or signing ("DAHLGREN, Admiral.").
        """
        if not found:
            return found
        starts = {s: h for s, _, h in found}
        ends = {e for _, e, _ in found}
        given, surnames, common_surnames, common_given = _person_names()
        out, persons, surname_at, paired, things = [], set(), set(), set(), set()
        for s, e, h in found:
            if s in surname_at:
                if not any(o.feature_class != "P" for o in h.options):
                    persons.add(h.key)  # the surname after a given name: "Elizabeth Fairfield" (a state stays)
                continue
            before, after = text[max(0, s - 40):s], text[e:e + 40]
            if before[-1:] == "[" and after[:1] == "]":
                before, after = before[:-1], after[1:]  # an editor's restoration: "One hundred and eighth [Illinois] Regiment"
            if after[:1] == "-" and after[1:2].islower() and not _PLACE_SUFFIX.match(after):
                continue  # the head of a word: "Agro-defense", "Cubo-futurist" (not "Atlanta-based")
            if after[:1] == "-" and after[1:2].isupper() and after[2:3].islower() and e + 1 not in starts and h.options \
                    and all(o.feature_class == "P" and o.population < 50_000 for o in h.options):
                continue  # the head of a name of no place ("Hani El-Egeizi"; not "Israel-Hamas", "Dallas-Fort Worth")
            # The regular expressions that look back run only where the word before could start them.
            last = before[-1:] in (" ", "\t") and before.rsplit(None, 1)[-1:] or [""]
            last = last[0].rstrip(".").lower()
            tail = last.rsplit("-", 1)[-1]  # "flag-steamer", "gun-boat"
            # (An ordinal in figures, "9th", "22d": a word of letters alone, "and", "with", "north", can start
            # them only as a word of _LOOK_BACK.)
            back = last in _LOOK_BACK or tail in _LOOK_BACK or (
                last[-2:] in ("st", "nd", "rd", "th") or last.endswith("d") and last[:-1].isdigit()) and (
                not last.isalpha() or _may_look_back(last))
            if back and last in _JOINING_BACK:  # "the", "of": a quarter of all names, and two searches each
                words = before.rsplit(None, 2)
                back = len(words) > 1 and _may_look_back(words[-2].rstrip("."))
            owner = after[:3] in _POSSESSIVE_GAPS  # "Norman's Welding"
            rest = after[3:] if owner else after.lstrip(",")
            ahead = (rest[:16] if owner else rest[1:16]).split(None, 1)[:1]
            ahead = ahead[0].rstrip(".,;:").lower() if ahead and (owner or rest[:1] in (" ", "\t")) else ""
            ahead = ahead[:-2] if ahead.endswith(("'s", "\u2019s")) else ahead  # "the Italian Grill's booth"
            if (back and (_UNIT_BEFORE.search(before) or _VESSEL_BEFORE.search(before))) \
                    or (ahead in _LOOK_AHEAD and (_UNIT_AFTER.match(after) or _PEOPLE_AFTER.match(after)
                                                  and not (h.options and any(o.feature_class != "P" for o in h.options))
                                                  or _TRIBES_AFTER.match(after))) \
                    or (ahead in _FIRMS and (after[:1] in (" ", "\t") or owner) and _FIRM_AFTER.match(rest if owner else after)) \
                    or (ahead and _AND_FIRM.match(after)
                        and not any(o.feature_code == "ADM2" for o in h.options)) \
                    or after[:3] == " & " or before[-3:] == " & " \
                    or (ahead in _STREET_WORDS and (_STREET_AFTER.match(after) or _ROAD_AFTER.match(after) and _ADDRESS_BEFORE.search(before))) \
                    or (ahead and (_PRODUCT_AFTER.match(after) or _COMPLEX_AFTER.match(after))) \
                    or before[-6:].lower() == "rifle-":
                continue  # a unit, a ship, a people, a firm, whatever names it: "One hundred and eighth New York Infantry"
            if before[-2:] in (", ", ": ") and _ORDINAL_LIST_BEFORE.search(before):
                continue  # a numbered list of boats: "twelfth, Adriatic"
            if tail == "united" and before[-7:-1] == "United":
                continue  # a party or a body, not the country: "United Russia", "a non-United Russia candidate"
                # (United States is one name)
            if after[:2] in ("'s", "\u2019s") and after[2:3] in (",", ".", ";") and not (h.options and any(
                    o.feature_class != "P" for o in h.options)):
                continue  # a shop or a man's house, not the town: "at Culver's, 1200 DeKalb Ave.", "at Darby's"
            if (g := _OWNER_BEFORE.search(before)) and g.group(1) in common_given \
                    and s - len(before) + g.start(1) not in starts:
                continue  # a man's firm or shop: "Henry's Turkey Service", "Joe's Italian Kitchen"
            if _OTHER_NAME_BEFORE.search(before) or (_KNOWN_AS_BEFORE.search(before) and (m := _WORD_AFTER.match(after))
                                              and m.group(1).title() in given):
                # a man's or a woman's name: "Muqtada al-Sadr", "Amir Abdul-Hamid", "his mother, Fatima",
                # "a desperado known as Wildwood Jack"
                continue
            if h.kind in ("spelling", "slip") and (_after_title(text, s) or _led(before)):
                continue  # another spelling of a place is a man too after a title: "Deputy Andrei Lugovoi"
            if h.generic and _given_and_surname(text[s:e]) and last not in _LOCATIVE:
                continue  # "Alex Branch", "Elizabeth Mills": a person, not a creek or a mill
            if h.generic and _HOMES_AFTER.match(after):
                continue  # a name put by its name alone before "apartments" names them: "Hampton Hills apartment complexes"
            if h.kind not in ("geonames", "demonym") or h.generic:
                out.append((s, e, h))
                continue
            word = text[s:e]
            nxt = _WORD_AFTER.match(after)
            if h.kind == "geonames" and word.lower() in _NAMES_NOTHING_EXCEPT and (nxt or after[:1] == " " and after[1:2].isdigit()):
                continue  # a word that names nothing alone, before a name: "Metro Vancouver", "Metro 911"
            if h.kind == "demonym" and (
                    (last in ("in", "speak", "speaks", "spoke", "speaking")
                     and (after[:1] in (",", ".", ";", ":", ")") or after[:5] in (" and ", " or ")))
                    or before.rstrip()[-len("English and"):].lower() == "english and"
                    or (last in ("a", "an", "the") and (_THING_AFTER.match(after) or (
                        word[-2:] == "an" or word[-1:] == "i") and _DOES_AFTER.match(after)))
                    or (not word.endswith("s") and last not in ("the", "a", "an") and _SAID_AFTER.match(after))
                    or _CUISINE_AFTER.match(after)
                    or (last in _COPULAS and (after[:1] in (",", ".", ";", ":", "!", "?", "") or _NO_NOUN_AFTER.match(after)))):
                # "in Spanish" is a language; "a Mexican, he said", "the Nigerian scored" and "Finn said" are
                # men; "Mexican food" is a way of cooking; "Hoosiers are Irish for St. Patrick's Day" says who
                # they are, not where
                continue
            if after[:1] in ("'", "\u2019") and after[1:2].isalpha() and after[1:2] not in ("s", "S"):
                continue  # a longer word, not the name: "Baha'i"
            if word.lower() in _PLANETS and _SKY.search(text, max(0, s - 80), e + 80):
                continue  # a planet where the text speaks of the sky: "discovering moons of Jupiter"
            if before[-1:] in ("\u201c", '"') and after[:1] in ("\u201d", '"') or \
                    before[-1:] == "\u201c" and after[:2] in (".\u201d", ",\u201d"):
                continue  # a title in quotes: Burliuk's "Hudson"
            if after[:1] == "." and (word.lower() in _GIVEN_ABBREVIATIONS or word.lower() in _TITLE_ABBREVIATIONS):
                continue  # "CHAS. C. DWIGHT"; "U.S. Sens. Mitch McConnell"
            if word[-3:] == "ing" and last not in _LOCATIVE and _OBJECT_AFTER.match(after) and self.geonames is not None \
                    and self.geonames.word_frequency(word) >= 3.0:
                continue  # a verb that opens a title: "the Shaping the Future committee"
            if word[-2:-1] == " " and word[-1].isupper() and _NAME_AFTER_INITIAL.match(after):
                persons.add(h.key)  # a given name and an initial: "Irvin E. Rhodes" (not "Washington D. C.")
                continue
            region = any(o.feature_class != "P" for o in h.options)
            # A name borne by a state, a country, a water (not by a county only: Shelby, Franklin, Boone).
            state_like = any(o.feature_class != "P" and o.feature_code != "ADM2" for o in h.options)
            size = _own_size(word, h.options)
            pair = _THE_X_AND_BEFORE.search(before) if not state_like and last == "and" \
                and not _MILITARY.match(word) else None
            if pair and " " in pair.group(1) and s - len(before) + pair.end(1) in ends:
                pair = None  # a name of places before: "in the West Bank and Jerusalem."
            if (not region and last == "the" or pair) \
                    and (_THING_AFTER.match(after) or _DOES_AFTER.match(after)) \
                    and self.geonames is not None \
                    and not self.geonames.lookup("The " + word):
                if pair and not _LIST_GOES_ON.match(after):
                    paired.add(s - len(before) + pair.start(1))  # the ship named with it: "the Osage and Lexington"
                elif last == "the" and " " not in word and _DOES_AFTER.match(after):
                    # and the same after "the" elsewhere: "driving the Toyota turning left" (a name of one word: "the
                    # North Fork  selected a ford" is a report that lost its comma)
                    things.add(h.key)
                continue
            if (before[-1:] in (" ", "\t") and _plural_title_before(text, s)) \
                    or (word.isupper() and len(word) > 3 and _signed(after)):
                persons.add(h.key)
                continue
            one_word = len(_PART.findall(word)) == 1
            # (An island or a river may bear a surname too: "Henderson Bryant" is no less the man.)
            if one_word and not any(o.feature_class == "A" and o.feature_code != "ADM2" for o in h.options):
                if self._among_names(s, before, starts):
                    persons.add(h.key)  # the same name is the person throughout: "Ryan Lee Everett ... Everett"
                    continue
                if self._before_surname(word, s, after, starts):
                    continue  # here only: "Detroit Edison" would tell nothing of Detroit elsewhere
            if one_word and not state_like and (_KIN_AFTER.match(after) and word.title() in surnames or (
                    before[-2:] == ", " and _LIST_AFTER.match(after) and e + 2 not in starts
                    and _TITLED_LIST_BEFORE.search(before))):
                persons.add(h.key)  # "in Paris' case", "Lieutenant Smith, Wylie, Washburn, Owen"
                continue
            if one_word and not state_like and _FORCE_AFTER.match(after):
                persons.add(h.key)
                continue
            if not region and size < 5.5 and ((len(last) <= 5 and _INITIAL_BEFORE.search(before))
                                              or _PERSON_AFTER.match(after)
                                              # (not "Police in Dayton said": Dayton's police speak)
                                              and not (last in _LOCATIVE and _SAID_AFTER.match(after))):
                persons.add(h.key)
                continue
            if not state_like and one_word and (_INITIAL_AFTER.match(after) or _AGE_AFTER.match(after) or _OFFICE_AFTER.match(after)):
                persons.add(h.key)  # "Judah P. Benjamin", "Melton Lewis Paris, 51,", "the Bush administration"
                continue
            if len(last) <= 5 and (_INITIALS_BEFORE.search(before) and (s - 1) not in ends or (
                    (g := _GIVEN_INITIAL_BEFORE.search(before)) and g.group(1).title() in given)):
                persons.add(h.key)  # "Major D. C. Houston", "Stephen F. Austin", whatever the town's size
                continue
            if not region and _SPEAKER_BEFORE.search(before) and after[:1] in (".", ",", ";") \
                    and not _REGION_AFTER.match(after):
                persons.add(h.key)  # "according to Hopkins"
                continue
            if not state_like and _led(before) and not _REGION_AFTER.match(after):
                persons.add(h.key)  # "under Marmaduke", "Deputy Andrei Lugovoi"
                continue
            prev = _WORD_BEFORE.search(before) if one_word and before[-1:] == " " and (
                not state_like or h.options and all(o.feature_code in ("ADM1", "ADM2", "PPL") for o in h.options)) \
                else None
            if prev and not _REGION_AFTER.match(after) and (
                    (prev.group(1).title() in given and word.title() in surnames)
                    or (prev.group(1).title() in common_given and self.geonames is not None
                        and self.geonames.word_frequency(word) < 2.0)):
                persons.add(h.key)  # "David Arvin", "Sam Houston State University", though David is a town too
                continue
            if one_word and nxt and word.title() in given:
                # A given name before an initial or a surname: "Victoria N. Pearson", "Virginia Chapin",
                # "Elizabeth Fairfield" (though Fairfield is a town too); not before a region ("Paris Texas").
                following = starts.get(e + nxt.start(1))
                surname = nxt.group(1)
                if following and word.title() in common_given and surname.title() in common_surnames \
                        and not _REGION_AFTER.match(text, e + nxt.end(1)):
                    # "George Washington", "Elizabeth Fairfield": both names are the person's
                    persons.add(h.key)
                    surname_at.add(e + nxt.start(1))
                    continue
                if (
                        _names_nothing(surname) and not (following and any(o.feature_class != "P" for o in following.options))
                        and not (len(surname) <= 5 and after[nxt.end(1):nxt.end(1) + 1] == ".")
                        and self.geonames is not None and surname.title() in surnames and region
                        and word.title() in common_given and self.geonames.word_frequency(surname) < 4.5):
                    persons.add(h.key)  # "Virginia Alexander", "Chad Foster"
                    continue
                if _INITIAL_AFTER.match(after) or _AGE_AFTER.match(text, e + nxt.end(1)) or (
                        _names_nothing(surname) and not (following and any(o.feature_class != "P" for o in following.options))
                        and not (len(surname) <= 5 and after[nxt.end(1):nxt.end(1) + 1] == ".")
                        and self.geonames is not None and (
                            (surname.title() in surnames and self.geonames.word_frequency(surname) < 4.0)
                            or self.geonames.word_frequency(surname) < 1.0)
                        and (size < 6.0 or region or surname.title() in surnames or surname.isupper())):
                    persons.add(h.key)
                    if following:
                        surname_at.add(e + nxt.start(1))
                    continue
            if (region or size < 6.0) and one_word:
                # One word beside a capitalised word that names nothing: "Ryan Bingham", "George
                # Washington", "United Russia", "Midwest Restoration", "Virginia Madsen".
                # (A region before a word is often the place itself: "Florida Highway Patrol".)
                prev = _WORD_BEFORE.search(before)
                if prev and s - len(prev.group(0)) + len(prev.group(1)) not in ends and _names_nothing(prev.group(1)):
                    if not region:
                        persons.add(h.key)  # a given name before: the same name is the person throughout
                    continue
                if not region and nxt and e + nxt.start(1) not in starts and _names_nothing(nxt.group(1)) \
                        and not (len(nxt.group(1)) <= 5 and after[nxt.end(1):nxt.end(1) + 1] == "."):
                    continue
            out.append((s, e, h))
        if paired or things:
            out = [x for x in out if x[0] not in paired
                   and not (x[2].key in things and text[max(0, x[0] - 4):x[0]].lower() == "the ")]
        # A small town whose name is a common surname, with nothing in the text to show a place is meant
        # (no "in", "at", "to"... before it, no state after it, no "County" or "police"), is the man:
        # "join McRae", "the rule of Reves", "founded by Colton".
        shown: dict[str, bool] = {}
        common = _person_names().common_surnames
        for s, e, h in out:
            word = text[s:e]
            if h.kind == "geonames" and not h.generic and word.title() in common and " " not in word \
                    and all(o.feature_class == "P" or o.feature_code == "ADM2" for o in h.options) \
                    and _own_size(word, h.options) < 5.0:
                shown[h.key] = shown.get(h.key, False) or bool(
                    (text[max(0, s - 16):s].split() or [""])[-1].lower() in _LOCATIVE
                    or _RESIDENCE_BEFORE.search(text, max(0, s - 40), s)
                    or _REGION_AFTER.match(text, e) or _PLACE_AFTER.match(text, e))
        if shown and not all(shown.values()):
            out = [x for x in out if shown.get(x[2].key, True)]
        # A town's name written as a man's twice (he speaks, or a given name comes before it), and at a third
        # of its occurrences, is a man's throughout, whatever the town's size: "Andrew Trapani", "Trapani
        # said" ... "the idea came to Trapani after he watched"; "Wade McKinney", "McKinney, Holstein and".
        read = collections.Counter(h.key for _, _, h in found if h.kind == "geonames" and not h.generic
                                   and all(o.feature_class == "P" or o.feature_code == "ADM2" for o in h.options))
        said = collections.Counter(h.key for s, e, h in found if h.key in read and (
            _SAID_AFTER.match(text, e) or (g := _WORD_BEFORE.search(text, max(0, s - 20), s))
            and g.group(1) in common_given))
        persons |= {k for k, n in said.items() if n >= 2 and 3 * n >= read[k]}
        if persons:
            # One sense per text: "Flores" after "Luis Flores" is the man, unless a place is plainly meant
            # (not by "in" before the man's own: "in Paris' case" after "Melton Lewis Paris, 51", "in Fairfield
            # hearing" after "Elizabeth Fairfield"; "the news to Taylor, who" after "General Dick Taylor").
            # (What follows the comma is a place found: "Decatur, Avondale Estates", "Rock Hill, Fort Mill and York
            # County", not a list of men, "McKinney, Holstein and Pct. 3 Commissioner Ronny".)
            kept = {s for s, _, h in out if h.key not in persons}
            out = [(s, e, h) for s, e, h in out if h.key not in persons
                   or ((text[max(0, s - 16):s].split() or [""])[-1].lower() in _LOCATIVE
                       and text[e:e + 1] not in ("'", "\u2019") and not _TRIAL_AFTER.match(text, e)
                       and not _WHO_AFTER.match(text, e) and said[h.key] < 2)
                   or (r := _REGION_AFTER.match(text, e)) is not None and r.end() - 1 in kept]
        return out

    @staticmethod
    def _among_names(s: int, before: str, starts: dict[int, _Hit]) -> bool:
        """Is the name at ``s`` one of a person's names, after a given name that is no place and a surname that
        is none or a town's: the tail of a double surname ("Nina Webb-Lawton"), or a third name ("Sarah Bush
        Lincoln Hospital", "Ryan Lee Everett"; not "Marion Jackson Vicksburg" in a report that lost its commas)."""
        if before[-1:] not in ("-", " "):
            return False
        m = (_HYPHENED_BEFORE if before[-1] == "-" else _GIVEN_SURNAME_BEFORE).search(before)
        names = _person_names()
        return bool(m) and m.group(1) in names.common_given and m.group(2) in names.surnames \
            and _town_or_none(starts.get(s - len(before) + m.start(2))) and s - len(before) + m.start(1) not in starts

    def _before_surname(self, word: str, s: int, after: str, starts: dict[int, _Hit]) -> bool:
        """Is a name borne by persons followed by a common surname that is no word of places ("Team member
        Vaughan Matthews, 17", "Henry and Henderson Bryant")?"""
        nxt = _SURNAME_AFTER.match(after)
        names = _person_names()
        if not nxt or (word.title() not in names.surnames and word.title() not in names.given):
            return False
        surname = nxt.group(1)
        return surname in names.common_surnames and _town_or_none(starts.get(s + len(word) + nxt.start(1))) \
            and _names_nothing(surname) and not _REGION_AFTER.match(after, nxt.end()) \
            and self.geonames is not None and self.geonames.word_frequency(surname) < 4.0

    @staticmethod
    def _persons(text: str, found: list[tuple[int, int, _Hit]]) -> list[tuple[int, int, _Hit]]:
        """A name after a title is a person ("Mr. Sydney", "General Frunze"), and so is the same name
        elsewhere in the text, unless a region qualifies it or a preposition of place leads to it."""
        persons = {h.key for s, _, h in found if text[s - 1:s] == " " and _after_title(text, s)}
        if not persons:
            return found
        out = []
        for s, e, h in found:
            if h.key in persons:
                if _after_title(text, s):
                    continue
                words = text[max(0, s - 16):s].split()
                if not (words and words[-1].lower() in _LOCATIVE) and not _REGION_AFTER.match(text, e):
                    continue
            out.append((s, e, h))
        return out

    def _resolve(self, text: str, found: list[tuple[int, int, _Hit]], doc: str | None,
                 date: dt.date | int | None) -> list[Mention]:
        # One sense per text: every occurrence of a name goes to the same place. The hits of a run are shared
        # by all its occurrences, so what depends on the hit alone is worked out once for each distinct hit.
        hits = _distinct(found)
        options_by_key: dict[str, tuple] = {}
        for h in hits:
            if h.options:
                options_by_key.setdefault(h.key, h.options)
            elif h.kind == "place" and len(h.places) > 1:
                options_by_key.setdefault(h.key, h.places)
        # "The Rio Grande", "the Osage": after "the" a name is a water, a range or a region sooner than a town.
        # (Not where the name is a noun's modifier: "the Missouri side of the river" is the state's side,
        # "the Henderson Police Department" the town's police.)
        for k in {h.key for s, e, h in found if h.options and text[max(0, s - 4):s].lower() == "the "
                  and not _COMMAND_OF_BEFORE.search(text, max(0, s - 30), s)
                  and not ((w := _WORD_NEXT.match(text, e)) and w.group(1).lower() not in _OF_WATERS)}:
            natural = tuple(o for o in options_by_key[k] if isinstance(o, Feature) and o.feature_class in "HTL")
            if natural:
                options_by_key[k] = natural
        qualified, found = self._qualify(text, found, options_by_key)
        kept = {h.key for _, _, h in found}
        if len(kept) < len({h.key for h in hits}):  # names a region contradicts keep no one company
            hits = [h for h in hits if h.key in kept]
            options_by_key = {k: v for k, v in options_by_key.items() if k in kept}
        hits = _distinct(found)
        anchors = sorted({(h.places[0].lat, h.places[0].lon, _country(h.places[0]))
                          for h in hits if h.kind in ("place", "slip", "spelling") and len(h.places) == 1})
        choice: dict[str, Place | Feature] = {}
        # First guess by size alone, then twice more by the company each place keeps.
        # A town that bears the name only as another name counts for less than one that bears it as its
        # own ("Berea" is an old name of Aleppo, but the Berea of a Kentucky paper is Berea).
        written: dict[str, str] = {}
        for s, e, h in found:
            if h.key not in written and h.key in options_by_key:  # (the only ones asked about)
                written[h.key] = text[s:e]
        # And one smaller than the biggest that bears it as its own counts for less again: the Start of
        # Louisiana, once called Charleston, is not the Charleston of a text that names Louisiana towns.
        alias = {}
        for k, options in options_by_key.items():
            by_alias = [_by_alias(o, k, written.get(k, k)) for o in options]
            own = max((o.size for o, a in zip(options, by_alias) if isinstance(o, Feature) and not a), default=0.0)
            alias[k] = [_ALIAS + max(0.0, own - o.size) if a else 0.0 for o, a in zip(options, by_alias)]
        lift, abroad = _division_lift(_supported_divisions(text, found), options_by_key)
        # The first guess looks a little at where the other names' namesakes lie, so that a text of
        # Minnesota towns does not start from Watertown, Massachusetts, and Rochester, New York.
        support = _support(options_by_key)
        for k, options in options_by_key.items():
            choice[k] = options[max(range(len(options)), key=lambda i: _size(options[i]) - alias[k][i] + lift[k][i]
                                    + _SUPPORT * min(support[k][i], 3.0))]
        ranked: dict[str, list[tuple[float, int]]] = {}
        # A place put by its name alone is a guess: it keeps no other name company ("Morton's Ford" put at
        # a Morton in Pennsylvania would draw "Richmond" to Port Richmond, Philadelphia).
        guessed = {h.key for h in hits if h.generic}
        # "Dublin City" beside "Dublin" is the text's Dublin, where the index knows the longer name only as
        # another name of a namesake (Dublin, Ireland, for a Dublin, Ohio, story): it goes where "Dublin" goes,
        # and keeps no company meanwhile.
        same_as = {k: short for k, w in written.items()
                   if w.endswith(" City") and (short := name_key(w[:-5])) in options_by_key and k in options_by_key
                   and all(_by_alias(o, k, w) for o in options_by_key[k])}
        guessed |= set(same_as)
        def at(c: Place | Feature) -> tuple[float, float, str]:
            return c.lat, c.lon, _country(c)

        # Each name is chosen beside the others as they stand, the choices made before it in this round
        # included: chosen all at once, "Pine Bluff" and "Camden" swap between Arkansas and the East.
        company = _Company(anchors + [at(c) for k, c in choice.items() if k not in guessed])
        for _ in range(2):
            # A local story keeps to one state: the Berea of a text about Madison County, Kentucky, is in
            # Kentucky, not Ohio. The state most of the text's other names lie in counts for a namesake.
            # A state the text names counts again each time it is named after the first: four "Kentucky"s
            # and Louisville keep Madison County in Kentucky, though Madison, Jefferson and Montgomery
            # counties are all in Alabama.
            votes = collections.Counter(h.key for _, _, h in found if isinstance(choice.get(h.key), Feature)
                                        and choice[h.key].feature_code == "ADM1")
            states = collections.Counter()
            for k, c in choice.items():
                if st := _state(c):
                    states[st] += max(votes[k], 1)
            # A country keeps the company of the other countries a text names, which lie too far apart to be
            # near each other: "Italy" among Russia, China and Japan is the country, not Italy, Texas.
            nations = {k for k, c in choice.items() if _is_country(c)}
            for k, options in options_by_key.items():
                home = _home_state(states, _state(choice[k]), max(votes[k], 1))
                among = _AMONG_NATIONS if len(nations - {k}) >= 2 else 0.0
                scored = sorted(((company.score(o, (choice[k].lat, choice[k].lon)) - alias[k][i] + lift[k][i]
                                  + (_SAME_STATE if home and _state(o) == home else 0.0)
                                  + (among if _is_country(o) else 0.0), i)
                                 for i, o in enumerate(options)), reverse=True)
                if k not in guessed:
                    company.move(at(choice[k]), at(options[scored[0][1]]))
                choice[k] = options[scored[0][1]]
                ranked[k] = scored
        for k, short in same_as.items():
            if _is_town(choice[short]):
                choice[k] = choice[short]
        # A place put by its name alone ("Cooper's Creek" at some Cooper), and a small town of the index
        # that no other place of the text is near, are namesakes of what the text means, not it: the
        # text's own place is in no gazetteer here. A fort or camp keeps nearer company still: every
        # state had its Fort Craig or Camp Douglas, mostly gone from the index as towns.
        lonely = set()
        states = [c for c in choice.values() if isinstance(c, Feature) and c.feature_code == "ADM1"]
        # Company for that is kept by towns, forts and rivers, not by the middle of a state or a country.
        # Nor by a name put by its name alone or a fort, which may be namesakes themselves: Fort Bowie and
        # Apache Pass put in Texas and Oklahoma keep each other no company.
        doubtful = {h.key for s, _, h in found if h.key in choice and (h.generic or _MILITARY.match(text, s))}
        towns = _Company(sorted({(c.lat, c.lon, _country(c)) for k, c in choice.items()
                                 if not _is_region(c) and k not in doubtful}
                                | {(h.places[0].lat, h.places[0].lon, _country(h.places[0])) for h in hits
                                   if h.kind in ("place", "slip", "spelling") and len(h.places) == 1
                                   and not _is_region(h.places[0])}))
        # (Asked below of the index's names alone: looked for after those only.)
        gn_keys = {h.key for h in hits if h.kind == "geonames"}
        local, named, written_alone = set(), set(), set()
        for _, e, h in found:
            if h.key in gn_keys:
                if _FACILITY_AFTER.match(text, e):
                    local.add(h.key)
                (named if _NAMED_AFTER.match(text, e) else written_alone).add(h.key)
        named -= written_alone  # named after only if never written alone
        big = {k for k, c in choice.items() if isinstance(c, Feature) and 50_000 <= c.population < 1_000_000}
        plainly_towns = {h.key for s, e, h in found if h.key in big and (
                 (text[max(0, s - 16):s].split() or [""])[-1].lower() in _GOING
                 or not (_INSIDE_NAME_AFTER.match(text, e) or _WORD_BEFORE.search(text, max(0, s - 30), s)))}
        seen: set[str] = set()
        guesses: list[tuple[str, Feature]] = []
        cities: list[tuple[str, Feature]] = []
        text_countries = {_country(c) for c in choice.values() if _is_region(c)}
        for s, e, h in found:
            if h.key in seen:
                continue  # decided at its first occurrence
            seen.add(h.key)
            c = choice.get(h.key)
            if h.key in qualified or not isinstance(c, Feature) or c.place_id in self._curated_gn:
                continue
            # A division abroad whose country the text does not name is as lonely as a town ("Patrick",
            # a parish of Man, in "St. Patrick's Day"; "Delta", a state of Nigeria, in a California paper).
            alone_abroad = any(c is options_by_key[h.key][i] for i in abroad.get(h.key, ()))
            if h.kind != "geonames" or not (c.feature_class == "P" or c.feature_code == "ADM2" or alone_abroad):
                continue
            namesakes = any(_country(o) == _country(c) and distance_km(c.lat, c.lon, o.lat, o.lon) > 100.0
                            for o in options_by_key.get(h.key, ()))
            if h.key in local and name_key(c.name) != name_key(written.get(h.key, h.key)):
                # A school is named after its town as the town writes itself: "Bruton High School" is not
                # at Brewton, nor "Kishwaukee College" at a town of which Kishwaukee is an old name.
                lonely.add(h.key)
                continue
            if alone_abroad:
                km = 800.0
            elif h.key in named:
                km = 150.0
            elif h.key in local and c.population < 100_000:
                km = 300.0  # a school or a home named after a town is near the text's other places
            elif h.generic:
                # A fort named after a man lies at a small town of his name only by chance, the less likely
                # the more towns bear it: Port Hudson is not Hudson, Texas, nor Fort Johnson Johnston, S.C.
                km = 500.0 if c.population >= 50_000 else 150.0 if namesakes else 300.0
            elif c.population >= 50_000:
                # A big town far from all the others is still a namesake if its name is a common English
                # word written only inside a longer name ("Virginia Commonwealth University" is not
                # Commonwealth, Australia; town names themselves run up to Zipf 4), not where the text
                # goes or is: "She left Boston in May and reached Trapani", "Dublin and Columbus police".
                # So is one that bears the name only as another name of it ("Hamas" is not Hamm, Westphalia).
                if c.population >= 1_000_000 or self.geonames is None or not _by_alias(
                        c, h.key, written.get(h.key, "")) and (h.key in plainly_towns or self.geonames.word_frequency(c.name) < 4.0):
                    # A city abroad, of a country the text does not name, whose name towns of three countries
                    # bear, is a guess like a small town's: "Libertad" on the Gulf of California is not the
                    # Libertad of Mindanao.
                    if c.population < 1_000_000 and _country(c) not in text_countries and len(
                            {_country(o) for o in options_by_key.get(h.key, ())}) >= 3:
                        cities.append((h.key, c))
                    continue
                km = 2000.0
            elif _MILITARY.match(text, s):
                km = 300.0
            else:
                km = 500.0 if len(options_by_key.get(h.key, ())) > 1 else 600.0  # the more namesakes, the nearer
            military = h.generic or _MILITARY.match(text, s)
            # A town of a state the text names keeps company (not a fort: every state had its Fort Quitman).
            # A lonely name is dropped, not moved to another namesake that keeps company: on the corpora nine
            # in ten such moves were wrong ("Black River" to Chester, N.J., "Boone" to Boone, Iowa), as the
            # company is made of the text's other guesses.
            if towns.alone(c, km) and (military or h.key in named or not any(_inside(c, r) for r in states)):
                lonely.add(h.key)
            elif c.population < 50_000 and namesakes and (not towns.held if h.generic else towns.none_but(c)) and (
                    h.generic and _MILITARY.match(text, s) or states and all(distance_km(c.lat, c.lon, r.lat, r.lon) > _FAR_FROM_REGION for r in states)):
                # No other town to keep it company: a fort or a camp whose name many towns bear is any of them
                # ("Fort Baker"), and a town far from every state the text names is a namesake of the one
                # meant ("Camp Sanborn" in a report from Colorado is not Sanborn, Iowa, nor the Humboldt
                # Military District of California at Humboldt, Tennessee; but Camp Lapwai, Wash. Ter., is in
                # Idaho, as the territory then held it).
                lonely.add(h.key)
            elif namesakes and c.population < 50_000 and not any(_inside(c, r) for r in states):
                guesses.append((h.key, c))
        # A cluster of guesses may keep itself company far from all that the text is sure of: a name borne by
        # one place, a town followed by its region, a city (Cienega, Picacho and San Simon of an Arizona
        # report, all put in central Mexico, far from Tucson and Mesilla).
        if guesses or cities:
            guessed = {k for k, _ in cities}
            sure = _Company(sorted({(c.lat, c.lon, _country(c)) for k, c in choice.items()
                                    if (_is_town(c) or isinstance(c, Feature) and c.feature_code == "ADM2")
                                    and k not in doubtful and k not in lonely and k not in guessed and (
                                        k in qualified or len(options_by_key.get(k, ())) == 1
                                        or isinstance(c, Feature) and c.population >= 100_000)}))
            lonely |= {k for k, c in guesses if sure.held and (c.lat, c.lon) not in sure.at
                       and sure.alone(c, _FAR_FROM_REGION)}
            # (A city, only beside two sure places or more of one other country.)
            lonely |= {k for k, c in cities if len(sure.held) >= 2 and len(sure.countries) == 1
                       and _country(c) not in sure.countries and sure.alone(c, _FAR_FROM_REGION)}
        if lonely:
            found = [x for x in found if x[2].key not in lonely]
            hits = [h for h in hits if h.key not in lonely]
        # Everything but the offsets is the same for every occurrence of a name: work it out once, as a first
        # mention whose fields each occurrence copies.
        firsts: dict[str, dict] = {}
        for h in hits:
            if h.key not in firsts:
                firsts[h.key] = vars(Mention(doc, 0, 0, "", **self._fields(h, choice, ranked, options_by_key,
                                                                         h.key in qualified, date)))
        return [_copy_at(firsts[h.key], s, e, text[s:e]) for s, e, h in sorted(found, key=lambda x: x[0])]

    def _qualify(self, text: str, found: list[tuple[int, int, _Hit]],
                 options_by_key: dict[str, tuple]) -> tuple[set[str], list[tuple[int, int, _Hit]]]:
        """An explicit region wins: "Charleston, South Carolina", "Richmond, Va.", "Portland (Maine)".

        Where a place is followed by a region (a state or a country) its namesakes are narrowed to those
        inside the region, and the region's to those that hold one of them; a curated place outside the
        region gives way to the index's namesake inside it ("Moscow, Idaho"), and a name of the index
        whose namesakes all lie far from the region is left out. Returns the keys narrowed, and the hits
        with those given way replaced and those left out gone.
        """
        narrowed: set[str] = set()
        contradicted: set[str] = set()
        replaced: dict[str, _Hit] = {}
        regions_of: dict[str, list[Feature]] = {}
        for k, options in options_by_key.items():
            regions = [r for r in options if isinstance(r, Feature) and r.feature_code in ("PCLI", "ADM1")]
            if regions:
                regions_of[k] = regions
        if not regions_of:
            return narrowed, found
        for (s1, e1, a), (s2, e2, b) in zip(found, found[1:]):
            regions = regions_of.get(b.key)
            if not regions or a.key in narrowed or a.key == b.key or s2 - e1 > 8 or not _QUALIFIER.fullmatch(text, e1, s2):
                continue
            inside = [o for o in options_by_key.get(a.key, a.places) if any(_inside(o, r) for r in regions)]
            if not inside and a.kind == "place" and self.geonames is not None:
                inside = [o for o in self.geonames.lookup(text[s1:e1]) if any(_inside(o, r) for r in regions)]
                if inside:
                    replaced[a.key] = _Hit(a.start, a.end, "geonames", a.key, options=tuple(inside))
            if inside:
                options_by_key[a.key] = tuple(inside)
                holding = [r for r in regions if any(_inside(o, r) for o in inside)]
                options_by_key[b.key] = tuple(holding)
                narrowed.update((a.key, b.key))
            elif a.kind == "geonames" and all(r.feature_code == "ADM1" for r in regions) and all(
                    isinstance(o, Feature) and o.feature_class == "P"
                    and distance_km(o.lat, o.lon, r.lat, r.lon) > _FAR_FROM_REGION
                    for o in options_by_key.get(a.key, ()) for r in regions):
                # The text's own place is in no gazetteer here: "Trinity, La." is not Trinity, North Carolina.
                # (Near the region, borders may have moved since: "Mesilla, Ariz.", "Point Pleasant, Va.")
                contradicted.add(a.key)
        if replaced:
            found = [(s, e, replaced.get(h.key, h)) for s, e, h in found]
        if contradicted:
            found = [x for x in found if x[2].key not in contradicted]
        return narrowed, found

    def _fields(self, h: _Hit, choice: dict, ranked: dict[str, list[tuple[float, int]]],
                options_by_key: dict[str, tuple], qualified: bool, date: dt.date | int | None) -> dict:
        scored = ranked.get(h.key, [])
        margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 3.0
        options = options_by_key.get(h.key, ())
        others = tuple(_alternative(options[i]) for _, i in scored[1:4])
        if h.kind in ("geonames", "demonym") and choice[h.key].place_id in self._curated_gn and not h.generic:
            p = self._curated_gn[choice[h.key].place_id]
            fclass = p.fclasses[0] if getattr(p, "fclasses", None) else ""
            return dict(place_id=p.id, name=p.title, name_at_time=p.name_at(date), lat=p.lat, lon=p.lon,
                        score=1.0 if qualified or len(options) == 1 else round(min(0.95, 0.6 + 0.1 * margin), 2),
                        source=p.source, matched=h.key, feature_class=fclass, alternatives=others)
        if h.kind in ("geonames", "demonym"):
            c = choice[h.key]
            score = min(0.95, 0.6 + 0.1 * margin + (0.2 if qualified else 0.0))
            note = None
            if h.generic:
                score = min(score, 0.5)
                note = f"placed at {c.name}, whose name it bears: the place itself is in no gazetteer here"
            elif h.spelled:
                score = min(score, 0.75)
                note = f"read as '{c.name}': another spelling"
            elif h.kind == "demonym":
                score = min(score, 0.7)
                note = f"a people's name, read as {c.name}"
            return dict(place_id=c.place_id, name=c.name, name_at_time=c.name, lat=c.lat, lon=c.lon,
                        score=round(score, 2), source=c.source, matched=c.name, note=note,
                        feature_class=c.feature_class, alternatives=others)
        p = choice[h.key] if h.kind == "place" and len(h.places) > 1 else h.places[0]
        fclass = p.fclasses[0] if getattr(p, "fclasses", None) else ""
        if h.kind == "spelling":
            matched = next((n.toponym for n in p.names if spelling_key(n.toponym) == spelling_key(h.key)), p.title)
            return dict(place_id=p.id, name=p.title, name_at_time=p.name_at(date), lat=p.lat, lon=p.lon, score=0.85,
                        source=p.source, matched=matched, note=f"read as '{matched}': another spelling",
                        feature_class=fclass)
        if h.kind == "slip":
            slip = _ocr_key(h.key)
            matched = next((n.toponym for n in p.names if _ocr_key(n.toponym) == slip), p.title)
            return dict(place_id=p.id, name=p.title, name_at_time=p.name_at(date), lat=p.lat, lon=p.lon, score=0.8,
                        source=p.source, matched=matched, note=f"read as '{matched}': a scanning slip",
                        feature_class=fclass)
        matched = next((n.toponym for n in p.names if name_key(n.toponym) == h.key), p.title)
        score = 1.0 if len(h.places) == 1 else round(min(0.95, 0.6 + 0.1 * margin), 2)
        return dict(place_id=p.id, name=p.title, name_at_time=p.name_at(date), lat=p.lat, lon=p.lon, score=score,
                    source=p.source, matched=matched, feature_class=fclass, alternatives=others)


def _distinct(found: list[tuple[int, int, _Hit]]) -> list[_Hit]:
    """The distinct hits among ``found``, in order of first occurrence (the same object for each occurrence
    of a run, so told apart by identity: a hit's value would cost more to hash than to use)."""
    return list({id(h): h for _, _, h in found}.values())


def _own_size(text: str, options) -> float:
    """The size of the largest place that bears the name itself; one by an alternate name counts less
    ("Harper" is an old name of Costa Mesa, which makes no "Harper said" a town)."""
    key = name_key(text)
    # A country or a state is as well known by its other names ("America", "Britain", "Holland").
    own = [o.size for o in options if name_key(o.name) == key or o.feature_code in ("PCLI", "ADM1")]
    return max(own) if own else max(o.size for o in options) - 1.5


_ALIAS = 2.5


def _by_alias(option: Place | Feature, key: str, written: str) -> bool:
    """Does an index place bear the name looked up only as another of its names (not a country or state)?"""
    return isinstance(option, Feature) and option.source == "geonames" and option.feature_class == "P" \
        and ":" not in key and _plain_key(option.name) != _plain_key(written)  # Odesa is Odessa, Aleppo no Berea


def _plain_key(name: str) -> str:
    """A name's spelling key with its leading "St." or "Ft." written out: "St. Ives" is "St Ives", "Saint Ives"."""
    words = name.replace(".", " ").split()
    if words and words[0].title() in _EXPAND:
        words[0] = _EXPAND[words[0].title()]
    return spelling_key(" ".join(words))


def _is_region(x: Place | Feature) -> bool:
    """A country or a state: a middle point, no company for a town (a county is small enough to be)."""
    if isinstance(x, Feature):
        return x.feature_class == "A" and x.feature_code != "ADM2"
    return bool(getattr(x, "fclasses", None)) and x.fclasses[0] == "A"


_SUPPORT = 0.5  # per name whose namesakes lie near, up to three; 1.0 kept more wrong namesakes


def _support(options_by_key: dict[str, tuple]) -> dict[str, list[float]]:
    """For each namesake of each name, about how many of the text's other names may lie near it.

    Every name spreads one vote over its namesakes' cells of 2 degrees; a namesake's support is the
    votes in its cell and the eight around it, its own name's taken out. Counting cells, not distances,
    keeps the cost to nine look-ups a namesake, however crowded a part of the map is.
    """
    def cell(o) -> tuple[int, int]:
        return math.floor((o.lat + 90) / 2.0), math.floor((o.lon + 180) / 2.0) % 180

    votes: collections.Counter = collections.Counter()
    own: dict[str, collections.Counter] = {}
    for k, options in options_by_key.items():
        share = 1.0 / len(options)
        mine = own[k] = collections.Counter()
        for o in options:
            c = cell(o)
            votes[c] += share
            mine[c] += share
    out: dict[str, list[float]] = {}
    for k, options in options_by_key.items():
        mine = own[k]
        row = []
        for o in options:
            i, j = cell(o)
            block = [(i + di, (j + dj) % 180) for di in (-1, 0, 1) for dj in (-1, 0, 1)]
            row.append(sum(votes[b] - mine[b] for b in block if b in votes))
        out[k] = row
    return out


def _is_town(x: Place | Feature) -> bool:
    return isinstance(x, Feature) and x.feature_class == "P" or isinstance(x, Place) and not _is_region(x)


# Words that show a division is meant: "the State of Sonora", "Governor of Sonora", "Helmand province".
_DIVISION_BEFORE = re.compile(r"(?i)\b(?:states?|provinces?|governors?|governorate|department|prefecture|canton|"
                              r"oblast|region|land|republic)[ \t]+of[ \t]+(?:the[ \t]+)?$")
_DIVISION_AFTER = re.compile(r"(?i)[ \t]+(?:province|state|region|oblast|governorate|department|prefecture|canton)\b")


def _supported_divisions(text: str, found: list[tuple[int, int, _Hit]]) -> set[int]:
    """The divisions abroad among the namesakes (by id) that the text shows to be meant: it names their
    country ("Mexico"), or a name all of whose namesakes lie in it ("Chechnya" for Dagestan), or a town
    of theirs just before them ("London, Ontario"), or calls them a division ("the State of Sonora",
    "Governor of Sonora", "Helmand province")."""
    if not any(_abroad(o) for _, _, h in found for o in h.options):
        return set()
    named: dict[str, set[str]] = {}
    for h in _distinct(found):
        options = h.options or h.places
        mine = named.setdefault(h.key, set())
        mine.update(_country(o) for o in options if _is_country(o))
        if options and len({_country(o) for o in options}) == 1:
            mine.add(_country(options[0]))
    times = collections.Counter(c for cs in named.values() for c in cs)
    supported = set()
    for n, (s, e, h) in enumerate(found):
        abroad = [o for o in h.options if _abroad(o)]
        if not abroad:
            continue
        cued = _DIVISION_BEFORE.search(text, max(0, s - 24), s) or _DIVISION_AFTER.match(text, e)
        before = found[n - 1] if n else None
        town = before if before and before[2].key != h.key and s - before[1] <= 8 \
            and _QUALIFIER.fullmatch(text, before[1], s) else None
        for o in abroad:
            if cued or times[o.country] > (o.country in named[h.key]) or town and any(
                    _inside(x, o) for x in town[2].options or town[2].places):
                supported.add(id(o))
    return supported


def _without_lone_divisions(text: str, found: list[tuple[int, int, _Hit]],
                            plausible: Callable[[str, list[Feature], bool, bool], bool]) -> list[tuple[int, int, _Hit]]:
    """The hits with the divisions abroad that the text does not show to be meant (see
    :func:`_supported_divisions`) taken from their namesakes.

    A division named like a town is the town unless the text shows otherwise: "Victoria", "Santa Fe",
    "Berea" (a district of Lesotho), "Kingston" (a parish of Jamaica), "Patrick" (of the Isle of Man);
    and the name must still be ``plausible`` as a town without it where it stands ("the beaches of
    Normandy" is no Normandy, Missouri). A name that only divisions bear keeps them ("Punjab",
    "Dagestan"), but not before another capitalised word, where it is a name of a street or a firm
    ("Southland Vista Court"), nor where it is a common given name ("Brittany", "Diana").
    """
    supported = _supported_divisions(text, found)
    replaced: dict[int, _Hit | None] = {}
    for h in _distinct(found):
        if any(_abroad(o) for o in h.options):
            kept = tuple(o for o in h.options if not _abroad(o) or id(o) in supported)
            if len(kept) < len(h.options):
                replaced[id(h)] = replace(h, options=kept) if kept else None
    if not replaced:
        return found
    out = []
    for s, e, h in found:
        if id(h) not in replaced:
            out.append((s, e, h))
        elif (new := replaced[id(h)]) is None:
            if not _WORD_AFTER.match(text, e) and text[s:e].title() not in _person_names().common_given:
                out.append((s, e, h))
        elif h.kind != "geonames" or h.generic or _qualified_by_region(found, s, text):
            out.append((s, e, new))
        else:
            before = text[max(0, s - 40):s]
            stripped = before.rstrip(" \t\"'‘“(—–-")
            words = before.split()
            if plausible(text[s:e], list(new.options), not stripped or stripped[-1] in ".!?:\n",
                         bool(words) and words[-1].lower() in _LOCATIVE):
                out.append((s, e, new))
    return out


def _qualified_by_region(found: list[tuple[int, int, _Hit]], s: int, text: str) -> bool:
    """Does a region follow the name at ``s`` ("Santa Fe, New Mexico")? Then it is a place whatever its size."""
    i = next((n for n, x in enumerate(found) if x[0] == s), None)
    if i is None or i + 1 >= len(found):
        return False
    e1, (s2, _, b) = found[i][1], found[i + 1]
    return s2 - e1 <= 8 and bool(_QUALIFIER.fullmatch(text, e1, s2)) and any(
        isinstance(o, Feature) and o.feature_code in ("PCLI", "ADM1") for o in b.options)


def _abroad(x: Place | Feature) -> bool:
    """Is it a first-level division outside the US (a province, a Land, a state of Mexico)?"""
    return isinstance(x, Feature) and x.feature_code == "ADM1" and x.country != "US"


_DIVISION_NAMED = 5.5  # the most a division abroad counts for beside its country: less than Mexico City or Lagos


def _division_lift(supported: set[int], options_by_key: dict[str, tuple]) -> tuple[dict[str, list[float]],
                                                                                 dict[str, list[int]]]:
    """What each namesake that is a division abroad gains where the text shows it meant (``supported``,
    by id: see :func:`_supported_divisions`): "Sonora" beside "Chihuahua" or "Mexico" is the state, not
    Sonora, California; alone it counts as a small town (:attr:`Feature.size`), so that "Victoria" or
    "Santa Fe" stay towns. Also, for each name, its namesakes that are divisions not so shown."""
    lift: dict[str, list[float]] = {}
    alone: dict[str, list[int]] = {}
    for k, options in options_by_key.items():
        row = []
        for i, o in enumerate(options):
            if _abroad(o) and id(o) in supported:
                row.append(min(math.log10(o.population + 10), _DIVISION_NAMED) - o.size)
                continue
            if _abroad(o):
                alone.setdefault(k, []).append(i)
            row.append(0.0)
        lift[k] = row
    return lift, alone


def _is_country(x: Place | Feature) -> bool:
    """A country of the index, or a curated region (curated places carry no feature code)."""
    if isinstance(x, Feature):
        return x.feature_code.startswith("PCL")
    return _is_region(x)


# What a country gains among two or more of the text's other countries (1.5 times the bonus of a near place).
_AMONG_NATIONS = 2.25


def _size(x: Place | Feature) -> float:
    return x.size if isinstance(x, Feature) else 6.0


def _inside(option: Place | Feature, region: Feature) -> bool:
    """Does a place lie in a country or US state? (By codes: GeoNames' country and first-level region.)"""
    country = _country(option)
    if region.feature_code == "PCLI":
        return country == region.country
    admin1 = option.admin1 if isinstance(option, Feature) else ""
    return country == region.country and admin1 == region.admin1 and option is not region


def _alternative(x: Place | Feature) -> dict:
    """A next-best candidate, as a user would be shown it to pick another."""
    if isinstance(x, Feature):
        return dict(place_id=x.place_id, name=x.name, country=x.country, region=x.admin1, lat=x.lat, lon=x.lon,
                    population=x.population, feature_class=x.feature_class)
    return dict(place_id=x.id, name=x.title, country=_country(x), region="", lat=x.lat, lon=x.lon,
                population=None, feature_class=(x.fclasses[0] if getattr(x, "fclasses", None) else ""))


_SAME_STATE = 1.5


def _state(x: Place | Feature) -> tuple[str, str] | None:
    """The country and first-level region of an index place (a state, a province), if it has one."""
    return (x.country, x.admin1) if isinstance(x, Feature) and x.admin1 and x.country else None


def _home_state(states: collections.Counter, own: tuple[str, str] | None, votes: int = 1) -> tuple[str, str] | None:
    """The state that at least two of the text's other names lie in, the most of them (``own``, which the
    name being chosen gave ``votes``, left out)."""
    best, most = None, 1
    for st, n in states.most_common(3):
        n -= votes if st == own else 0
        if n > most:
            best, most = st, n
    return best


def _country(x: Place | Feature) -> str:
    return x.country if isinstance(x, Feature) else (x.ccodes[0] if x.ccodes else "")


_CROWD = 0.5
_BANDS = ((100.0, 2.0), (300.0, 1.5), (800.0, 1.0), (1500.0, 0.5))  # nearest other place within km: bonus


class _Company:
    """The other places of a text, for scoring each namesake by the company it would keep.

    The score is size (log population; curated places count as large), plus a bonus for a place of
    the text near it, plus one for lying in the text's most frequent country. The places are kept in
    grids of 1° and 10° cells so that the nearest one is found among a few cells: a text of N
    distinct names costs N look-ups, not N² distances (a gazetteer-like list of 4,000 towns).
    """

    def __init__(self, places: list[tuple[float, float, str]]):
        # A place two names chose counts once; ``held`` says how many hold it, for ``move``. A cell holds
        # its points as a dict's keys, so that a move costs the same in a crowded cell as in an empty one.
        self.held = collections.Counter(places)
        self.grids: dict[float, dict[tuple[int, int], collections.Counter]] = {1.0: {}, 10.0: {}}
        self.countries: collections.Counter[str] = collections.Counter()
        self.at: dict[tuple[float, float], list[str]] = {}
        for place in self.held:
            self._add(place)

    def _add(self, place: tuple[float, float, str]) -> None:
        lat, lon, c = place
        for size, grid in self.grids.items():
            grid.setdefault(self._cell(lat, lon, size), collections.Counter())[(lat, lon)] += 1
        if c:
            self.countries[c] += 1
        self.at.setdefault((lat, lon), []).append(c)

    def _remove(self, place: tuple[float, float, str]) -> None:
        lat, lon, c = place
        for size, grid in self.grids.items():
            cell = grid[self._cell(lat, lon, size)]
            cell[(lat, lon)] -= 1
            if not cell[(lat, lon)]:
                del cell[(lat, lon)]
        if c:
            self.countries[c] -= 1
        self.at[(lat, lon)].remove(c)

    def move(self, old: tuple[float, float, str], new: tuple[float, float, str]) -> None:
        """One name of the text chose another place: its company is where it is now."""
        if old == new:
            return
        self.held[old] -= 1
        if not self.held[old]:
            del self.held[old]
            self._remove(old)
        self.held[new] += 1
        if self.held[new] == 1:
            self._add(new)

    @staticmethod
    def _cell(lat: float, lon: float, size: float) -> tuple[int, int]:
        return math.floor((lat + 90) / size), math.floor(((lon + 180) % 360) / size)

    def _any_within(self, lat: float, lon: float, km: float, skip: tuple[float, float]) -> bool:
        return self._within(lat, lon, km, skip, 1) > 0

    def _within(self, lat: float, lon: float, km: float, skip: tuple[float, float], most: int) -> int:
        """How many of the text's places lie within ``km`` (counted up to ``most``), those at ``skip`` aside."""
        size = 1.0 if km <= 300 else 10.0
        grid, cols = self.grids[size], round(360 / size)
        dlat = km / 111.0
        dlon = km / (111.0 * max(math.cos(math.radians(lat)), 1e-6))
        rows = range(math.floor((lat - dlat + 90) / size), math.floor((lat + dlat + 90) / size) + 1)
        first = math.floor(((lon - dlon + 180) % 360) / size)
        span = cols if dlon >= 180 else math.floor((2 * dlon) / size) + 2
        n = 0
        for i in rows:
            for j in range(first, first + min(span, cols)):
                for p in grid.get((i, j % cols), ()):
                    if p != skip and distance_km(lat, lon, p[0], p[1]) < km:
                        n += 1
                        if n >= most:
                            return n
        return n

    def none_but(self, place: Place | Feature) -> bool:
        """Is this place the only one of the text held here (or is none held)?"""
        return len(self.held) <= len(self.at.get((place.lat, place.lon), []))

    def alone(self, place: Place | Feature, km: float = 800.0) -> bool:
        """Is no other place of the text within ``km`` of this one, though the text has others?"""
        here = (place.lat, place.lon)
        return len(self.held) > len(self.at.get(here, [])) and not self._any_within(place.lat, place.lon, km, here)

    def score(self, option: Place | Feature, skip: tuple[float, float]) -> float:
        """``option``'s score beside every place of the text except those at ``skip`` (its own name's choice)."""
        size = _size(option)
        excluded = self.at.get(skip, [])
        if len(self.held) <= len(excluded):
            return size
        near = next((bonus for km, bonus in _BANDS if self._any_within(option.lat, option.lon, km, skip)), 0.0)
        if near >= 1.5:
            # More company counts for more: Elkhart beside Palestine, Grapeland and Anderson County, Texas,
            # rather than the Elkhart, Indiana, that a Westwood in Michigan keeps company.
            near += _CROWD * (self._within(option.lat, option.lon, 300.0, skip, 4) - 1)
        # The most frequent country of the others: among the top few, once the excluded are taken away.
        gone = collections.Counter(c for c in excluded if c)
        top = [(n - gone[c], c) for c, n in self.countries.most_common(len(gone) + 1)]
        best = max(top)[1] if top and max(top)[0] > 0 else None
        same = 0.5 if best and _country(option) == best else 0.0
        return size + 1.5 * near + same


@functools.cache
def default_geoparser() -> Geoparser:
    """The geoparser over the shipped gazetteer, register and GeoNames (built once per process)."""
    return Geoparser()


def find_mentions(text: str, gazetteer: Gazetteer | None = None, *, doc: str | None = None,
                  date: dt.date | str | int | None = None, register: Register | None = None,
                  geonames: GeoNames | bool | None = True, online: Source | bool | None = None) -> list[Mention]:
    """Every place mention in ``text``: curated places first, the offline index for the rest.

    ``date`` (the date the text tells of) chooses the names of the time for ``name_at_time``.
    ``online`` (off unless ``GEO_STORY_ONLINE=1``) asks an online source for names nothing offline knows.
    """
    if gazetteer is None and register is None and geonames is True and online is None:
        parser = default_geoparser()
    else:
        parser = Geoparser(gazetteer, register, geonames, online)
    return parser.find(text, doc=doc, date=date)


"""Make geo/data/world.geojson, the world layer: seas, straits, rivers, ranges, deserts, islands, regions.

    python tools/make_world_layer.py [NATURAL_EARTH_DIR]

Run once to make the file; after that the GeoJSON is the source of truth, edited by hand. Two sources:

- Natural Earth point layers (public domain; "Made with Natural Earth"), as prepared in
  ``shared/data/natural-earth/`` (its README says how each point was made): oceans, seas, gulfs and
  bays, large lakes, great rivers, capes and islands, waterfalls.
- ``HAND`` below: what those layers lack and history texts name all the time (straits, small seas,
  rivers, mountain ranges, deserts, large islands, historic regions and empires), each placed by
  hand at the middle of the feature, to the nearest degree or so, and marked ``less-certain``.

No GeoNames or Wikidata id is given for a hand entry (none was checked); Natural Earth's own
Wikidata ids are kept for its features.
"""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geo" / "data" / "world.geojson"

# (title, GeoNames class, kind, lat, lon, other names, country codes)
HAND = [
    # straits, channels, small seas, gulfs, bays
    ("Bosporus", "H", "strait", 41.12, 29.07, ["Bosphorus", "Bosporus Strait"], ["TR"]),
    ("Dardanelles", "H", "strait", 40.2, 26.4, ["Hellespont"], ["TR"]),
    ("Sea of Marmara", "H", "sea", 40.7, 28.2, ["Marmara Sea", "Sea of Marmora", "Marmora"], ["TR"]),
    ("Sea of Azov", "H", "sea", 46.1, 36.6, ["Azov Sea"], ["RU", "UA"]),
    ("Aegean Sea", "H", "sea", 38.5, 25.0, ["Aegean"], ["GR", "TR"]),
    ("Adriatic Sea", "H", "sea", 43.0, 15.5, ["Adriatic"], []),
    ("Ionian Sea", "H", "sea", 38.5, 18.5, [], []),
    ("Tyrrhenian Sea", "H", "sea", 40.0, 12.5, [], ["IT"]),
    ("Baltic Sea", "H", "sea", 58.0, 20.0, ["Baltic"], []),
    ("North Sea", "H", "sea", 56.0, 3.0, ["German Ocean"], []),
    ("Norwegian Sea", "H", "sea", 69.0, 5.0, [], []),
    ("Barents Sea", "H", "sea", 74.0, 40.0, [], ["RU", "NO"]),
    ("White Sea", "H", "sea", 65.5, 38.0, [], ["RU"]),
    ("Kara Sea", "H", "sea", 77.0, 77.0, [], ["RU"]),
    ("Irish Sea", "H", "sea", 53.8, -5.0, [], ["GB", "IE"]),
    ("English Channel", "H", "channel", 50.2, -1.5, ["the Channel", "La Manche"], ["GB", "FR"]),
    ("Strait of Dover", "H", "strait", 51.0, 1.5, ["Straits of Dover", "Pas de Calais"], ["GB", "FR"]),
    ("Strait of Gibraltar", "H", "strait", 35.95, -5.6, ["Straits of Gibraltar"], ["ES", "MA"]),
    ("Bay of Biscay", "H", "bay", 45.5, -4.0, ["Biscay"], ["FR", "ES"]),
    ("Gulf of Finland", "H", "gulf", 60.0, 26.5, [], ["FI", "RU", "EE"]),
    ("Gulf of Bothnia", "H", "gulf", 63.0, 20.5, [], ["FI", "SE"]),
    ("Gulf of Riga", "H", "gulf", 57.7, 23.5, [], ["LV", "EE"]),
    ("Skagerrak", "H", "strait", 57.8, 9.0, [], ["NO", "DK", "SE"]),
    ("Kattegat", "H", "strait", 56.8, 11.5, [], ["DK", "SE"]),
    ("Strait of Messina", "H", "strait", 38.2, 15.6, [], ["IT"]),
    ("Strait of Otranto", "H", "strait", 40.2, 18.9, [], ["IT", "AL"]),
    ("Gulf of Aden", "H", "gulf", 12.5, 48.0, [], ["YE", "SO"]),
    ("Gulf of Oman", "H", "gulf", 24.5, 58.5, [], ["OM", "IR"]),
    ("Strait of Hormuz", "H", "strait", 26.6, 56.5, [], ["IR", "OM"]),
    ("Bab-el-Mandeb", "H", "strait", 12.6, 43.3, ["Bab el Mandeb"], ["YE", "DJ"]),
    ("Suez Canal", "H", "canal", 30.6, 32.3, [], ["EG"]),
    ("Gulf of Suez", "H", "gulf", 28.8, 33.0, [], ["EG"]),
    ("Gulf of Aqaba", "H", "gulf", 28.8, 34.7, [], ["EG", "SA", "JO", "IL"]),
    ("Dead Sea", "H", "lake", 31.5, 35.5, [], ["IL", "JO"]),
    ("Sea of Galilee", "H", "lake", 32.82, 35.59, ["Lake Tiberias", "Lake of Gennesaret"], ["IL"]),
    ("Strait of Malacca", "H", "strait", 3.0, 100.5, ["Straits of Malacca"], ["MY", "ID"]),
    ("Sunda Strait", "H", "strait", -6.0, 105.8, [], ["ID"]),
    ("Java Sea", "H", "sea", -5.0, 111.0, [], ["ID"]),
    ("Yellow Sea", "H", "sea", 36.0, 123.0, [], ["CN", "KR"]),
    ("East China Sea", "H", "sea", 29.0, 125.0, [], ["CN", "JP"]),
    ("Bering Strait", "H", "strait", 65.8, -169.0, [], ["RU", "US"]),
    ("Bering Sea", "H", "sea", 58.0, -178.0, [], ["RU", "US"]),
    ("Tatar Strait", "H", "strait", 50.5, 141.0, ["Strait of Tartary"], ["RU"]),
    ("Torres Strait", "H", "strait", -10.0, 142.5, [], ["AU", "PG"]),
    ("Bass Strait", "H", "strait", -39.5, 146.0, [], ["AU"]),
    ("Gulf of Carpentaria", "H", "gulf", -14.0, 139.0, ["Carpentaria"], ["AU"]),
    ("Great Australian Bight", "H", "bay", -35.0, 130.0, [], ["AU"]),
    ("Cook Strait", "H", "strait", -41.2, 174.5, [], ["NZ"]),
    ("Strait of Magellan", "H", "strait", -53.5, -71.0, ["Straits of Magellan", "Magellan Strait"], ["CL"]),
    ("Drake Passage", "H", "strait", -58.0, -65.0, [], []),
    ("Rio de la Plata", "H", "estuary", -35.0, -57.0, ["River Plate", "Río de la Plata"], ["AR", "UY"]),
    ("Gulf of St. Lawrence", "H", "gulf", 48.0, -62.0, ["Gulf of Saint Lawrence"], ["CA"]),
    ("Chesapeake Bay", "H", "bay", 37.8, -76.2, ["the Chesapeake"], ["US"]),
    ("Delaware Bay", "H", "bay", 39.1, -75.2, [], ["US"]),
    ("Long Island Sound", "H", "sound", 41.1, -72.9, [], ["US"]),
    ("Puget Sound", "H", "sound", 47.6, -122.4, [], ["US"]),
    ("Hampton Roads", "H", "roadstead", 36.95, -76.33, [], ["US"]),
    ("Mobile Bay", "H", "bay", 30.5, -88.0, [], ["US"]),
    ("Pamlico Sound", "H", "sound", 35.3, -75.9, [], ["US"]),
    ("Albemarle Sound", "H", "sound", 36.05, -76.1, [], ["US"]),
    ("Gulf of California", "H", "gulf", 28.0, -112.0, ["Sea of Cortez"], ["MX"]),
    ("Panama Canal", "H", "canal", 9.1, -79.7, [], ["PA"]),
    ("Golden Horn", "H", "inlet", 41.03, 28.96, [], ["TR"]),
    ("Lake Geneva", "H", "lake", 46.45, 6.53, ["Lac Léman", "Lake Leman"], ["CH", "FR"]),
    ("Lake Constance", "H", "lake", 47.63, 9.37, ["Bodensee"], ["DE", "CH", "AT"]),
    ("Lake Issyk-Kul", "H", "lake", 42.43, 77.25, ["Issyk-Kul", "Issyk Kul", "Ysyk-Köl"], ["KG"]),
    ("Lake Van", "H", "lake", 38.65, 42.9, [], ["TR"]),
    ("Lake Urmia", "H", "lake", 37.7, 45.3, [], ["IR"]),
    ("Lake Sevan", "H", "lake", 40.35, 45.3, [], ["AM"]),
    ("Lake Chad", "H", "lake", 13.3, 14.1, [], ["TD", "NE", "NG", "CM"]),
    ("Great Salt Lake", "H", "lake", 41.2, -112.5, [], ["US"]),
    ("Lake Champlain", "H", "lake", 44.5, -73.3, [], ["US"]),
    ("Lake Pontchartrain", "H", "lake", 30.2, -90.1, [], ["US"]),
    # rivers (a point near the middle of the river)
    ("Thames", "H", "river", 51.5, -0.9, ["River Thames", "Thames River"], ["GB"]),
    ("Severn", "H", "river", 52.3, -2.3, ["River Severn"], ["GB"]),
    ("Seine", "H", "river", 48.9, 2.0, [], ["FR"]),
    ("Loire", "H", "river", 47.4, 0.7, [], ["FR"]),
    ("Rhône", "H", "river", 45.0, 4.8, ["Rhone"], ["FR", "CH"]),
    ("Rhine", "H", "river", 50.3, 7.6, ["Rhein", "Rhin"], ["DE", "NL", "CH", "FR"]),
    ("Elbe", "H", "river", 52.5, 11.5, [], ["DE", "CZ"]),
    ("Oder", "H", "river", 52.5, 14.6, ["Odra"], ["DE", "PL"]),
    ("Vistula", "H", "river", 52.2, 21.0, ["Wisła", "Weichsel"], ["PL"]),
    ("Dnieper", "H", "river", 49.5, 32.5, ["Dnepr", "Dnipro"], ["UA", "BY", "RU"]),
    ("Dniester", "H", "river", 48.0, 28.0, ["Dnestr"], ["UA", "MD"]),
    ("Don", "H", "river", 49.0, 41.0, ["River Don"], ["RU"]),
    ("Volga", "H", "river", 53.0, 47.0, [], ["RU"]),
    ("Ural River", "H", "river", 50.0, 51.5, ["Yaik"], ["RU", "KZ"]),
    ("Kama", "H", "river", 57.0, 54.0, [], ["RU"]),
    ("Neva", "H", "river", 59.9, 30.6, [], ["RU"]),
    ("Northern Dvina", "H", "river", 63.0, 43.0, [], ["RU"]),
    ("Irtysh", "H", "river", 56.0, 73.0, [], ["RU", "KZ"]),
    ("Yenisei", "H", "river", 62.0, 89.0, ["Yenisey"], ["RU"]),
    ("Amur", "H", "river", 50.0, 128.0, [], ["RU", "CN"]),
    ("Angara", "H", "river", 57.5, 101.0, [], ["RU"]),
    ("Syr Darya", "H", "river", 43.0, 66.5, ["Syr-Darya", "Jaxartes"], ["KZ", "UZ"]),
    ("Amu Darya", "H", "river", 39.5, 63.5, ["Amu-Darya", "Oxus"], ["UZ", "TM", "AF"]),
    ("Ili", "H", "river", 44.0, 78.5, ["Ili River"], ["KZ", "CN"]),
    ("Chu", "H", "river", 43.8, 74.0, ["Chu River"], ["KG", "KZ"]),
    ("Tigris", "H", "river", 35.0, 43.3, [], ["IQ", "TR"]),
    ("Euphrates", "H", "river", 34.5, 41.0, [], ["IQ", "SY", "TR"]),
    ("Jordan River", "H", "river", 32.2, 35.55, ["River Jordan"], ["IL", "JO"]),
    ("Indus", "H", "river", 28.5, 69.5, [], ["PK"]),
    ("Ganges", "H", "river", 25.5, 83.0, ["Ganga"], ["IN"]),
    ("Yellow River", "H", "river", 36.0, 108.0, ["Huang He", "Hwang Ho"], ["CN"]),
    ("Niger", "H", "river", 13.5, 2.5, ["Niger River"], ["ML", "NE", "NG"]),
    ("Zambezi", "H", "river", -16.0, 28.0, ["Zambesi"], ["ZM", "ZW", "MZ"]),
    ("Orinoco", "H", "river", 7.8, -65.0, [], ["VE"]),
    ("Murray", "H", "river", -34.5, 141.5, ["Murray River"], ["AU"]),
    ("Darling", "H", "river", -31.5, 144.0, ["Darling River"], ["AU"]),
    ("Missouri", "H", "river", 42.5, -97.0, ["Missouri River"], ["US"]),
    ("Ohio River", "H", "river", 38.5, -85.0, [], ["US"]),
    ("Tennessee River", "H", "river", 34.8, -87.0, [], ["US"]),
    ("Cumberland River", "H", "river", 36.4, -86.5, [], ["US"]),
    ("Potomac", "H", "river", 38.9, -77.4, ["Potomac River"], ["US"]),
    ("Rappahannock", "H", "river", 38.3, -77.4, ["Rappahannock River"], ["US"]),
    ("James River", "H", "river", 37.4, -77.3, [], ["US"]),
    ("Shenandoah", "H", "river", 38.9, -78.2, ["Shenandoah River"], ["US"]),
    ("Hudson", "H", "river", 42.0, -73.9, ["Hudson River", "North River"], ["US"]),
    ("Delaware River", "H", "river", 40.5, -75.0, [], ["US"]),
    ("Susquehanna", "H", "river", 40.5, -76.9, ["Susquehanna River"], ["US"]),
    ("Arkansas River", "H", "river", 35.5, -94.0, [], ["US"]),
    ("Red River", "H", "river", 33.8, -95.5, [], ["US"]),
    ("Rio Grande", "H", "river", 29.5, -102.5, ["Río Bravo", "Rio Bravo"], ["US", "MX"]),
    ("Colorado River", "H", "river", 36.0, -112.5, [], ["US"]),
    ("Columbia River", "H", "river", 46.2, -120.5, [], ["US", "CA"]),
    ("Saint Lawrence River", "H", "river", 46.8, -71.2, ["St. Lawrence River", "Saint Lawrence", "St. Lawrence"],
     ["CA"]),
    # mountains and passes
    ("Alps", "T", "mountain range", 46.5, 10.0, ["the Alps"], ["CH", "AT", "IT", "FR"]),
    ("Pyrenees", "T", "mountain range", 42.7, 0.5, [], ["ES", "FR"]),
    ("Carpathians", "T", "mountain range", 47.5, 25.0, ["Carpathian Mountains"], ["RO", "UA", "SK", "PL"]),
    ("Apennines", "T", "mountain range", 43.0, 13.0, [], ["IT"]),
    ("Balkan Mountains", "T", "mountain range", 42.75, 25.0, [], ["BG"]),
    ("Caucasus Mountains", "T", "mountain range", 42.5, 44.0, ["Caucasus"], ["RU", "GE", "AZ"]),
    ("Ural Mountains", "T", "mountain range", 60.0, 59.5, ["Urals", "the Urals"], ["RU"]),
    ("Tian Shan", "T", "mountain range", 42.0, 80.0, ["Tien Shan", "Tien-Shan", "Tian-Shan", "Thian Shan"],
     ["KG", "CN", "KZ"]),
    ("Pamirs", "T", "mountain range", 38.5, 73.0, ["Pamir", "Pamir Mountains"], ["TJ"]),
    ("Altai Mountains", "T", "mountain range", 49.0, 89.0, ["Altai", "Altay"], ["RU", "MN", "CN", "KZ"]),
    ("Hindu Kush", "T", "mountain range", 35.5, 70.5, [], ["AF", "PK"]),
    ("Himalayas", "T", "mountain range", 28.5, 84.0, ["Himalaya", "the Himalayas"], ["NP", "IN", "CN"]),
    ("Karakoram", "T", "mountain range", 35.8, 76.5, [], ["PK", "IN", "CN"]),
    ("Atlas Mountains", "T", "mountain range", 31.5, -6.5, ["Atlas"], ["MA", "DZ"]),
    ("Andes", "T", "mountain range", -20.0, -68.0, ["Andes Mountains", "the Andes"], ["PE", "BO", "CL", "AR"]),
    ("Rocky Mountains", "T", "mountain range", 43.0, -109.0, ["Rockies", "the Rockies"], ["US", "CA"]),
    ("Appalachian Mountains", "T", "mountain range", 38.0, -80.0, ["Appalachians"], ["US"]),
    ("Blue Ridge", "T", "mountain range", 37.5, -79.5, ["Blue Ridge Mountains"], ["US"]),
    ("Sierra Nevada", "T", "mountain range", 37.5, -119.0, [], ["US"]),
    ("Cascade Range", "T", "mountain range", 45.5, -121.8, ["Cascades", "Cascade Mountains"], ["US"]),
    ("Great Dividing Range", "T", "mountain range", -28.0, 151.0, [], ["AU"]),
    ("Mount Everest", "T", "mountain", 27.988, 86.925, ["Everest"], ["NP", "CN"]),
    ("Mont Blanc", "T", "mountain", 45.833, 6.865, [], ["FR", "IT"]),
    ("Mount Ararat", "T", "mountain", 39.7, 44.3, ["Ararat"], ["TR"]),
    ("Mount Elbrus", "T", "mountain", 43.35, 42.44, ["Elbrus"], ["RU"]),
    ("Mount Kilimanjaro", "T", "mountain", -3.07, 37.35, ["Kilimanjaro"], ["TZ"]),
    ("Khyber Pass", "T", "pass", 34.1, 71.2, [], ["PK", "AF"]),
    ("Brenner Pass", "T", "pass", 47.0, 11.5, [], ["AT", "IT"]),
    ("Simplon Pass", "T", "pass", 46.25, 8.03, [], ["CH"]),
    ("St. Gotthard Pass", "T", "pass", 46.56, 8.56, ["Gotthard Pass", "Saint Gotthard"], ["CH"]),
    # deserts, steppes, plains
    ("Sahara", "L", "desert", 23.0, 10.0, ["Sahara Desert"], []),
    ("Gobi", "L", "desert", 43.0, 105.0, ["Gobi Desert"], ["MN", "CN"]),
    ("Kalahari", "L", "desert", -23.0, 22.0, ["Kalahari Desert"], ["BW", "NA"]),
    ("Karakum", "L", "desert", 39.5, 60.0, ["Kara Kum", "Karakum Desert"], ["TM"]),
    ("Kyzylkum", "L", "desert", 42.0, 64.0, ["Kyzyl Kum", "Kizil Kum", "Kyzylkum Desert"], ["UZ", "KZ"]),
    ("Taklamakan", "L", "desert", 39.0, 83.0, ["Taklimakan", "Taklamakan Desert"], ["CN"]),
    ("Arabian Desert", "L", "desert", 23.0, 47.0, [], ["SA"]),
    ("Syrian Desert", "L", "desert", 32.5, 39.5, [], ["SY", "IQ", "JO"]),
    ("Sinai", "L", "peninsula", 29.5, 33.8, ["Sinai Peninsula"], ["EG"]),
    ("Negev", "L", "desert", 30.8, 34.8, [], ["IL"]),
    ("Mojave Desert", "L", "desert", 35.0, -116.0, ["Mojave"], ["US"]),
    ("Great Plains", "L", "plain", 40.0, -101.0, [], ["US", "CA"]),
    ("Pampas", "L", "plain", -35.0, -62.0, [], ["AR"]),
    ("Patagonia", "L", "region", -45.0, -69.0, [], ["AR", "CL"]),
    ("Kazakh Steppe", "L", "steppe", 48.0, 68.0, ["the Steppe"], ["KZ"]),
    # islands and archipelagos
    ("Madagascar", "L", "island", -19.0, 46.7, [], ["MG"]),
    ("Mauritius", "L", "island", -20.25, 57.55, ["Isle of France", "Île de France"], ["MU"]),
    ("Réunion", "L", "island", -21.12, 55.53, ["Reunion", "Bourbon"], ["RE"]),
    ("Azores", "L", "archipelago", 38.5, -28.0, ["the Azores", "Açores"], ["PT"]),
    ("Canary Islands", "L", "archipelago", 28.3, -15.8, ["Canaries", "the Canaries"], ["ES"]),
    ("Cape Verde Islands", "L", "archipelago", 16.0, -24.0, ["Cape de Verde Islands", "Cape Verde"], ["CV"]),
    ("Madeira", "L", "island", 32.75, -16.95, [], ["PT"]),
    ("Falkland Islands", "L", "archipelago", -51.75, -59.0, ["Falklands", "Malvinas"], ["FK"]),
    ("Galápagos Islands", "L", "archipelago", -0.6, -90.5, ["Galapagos Islands", "Galapagos", "Galápagos"], ["EC"]),
    ("Tierra del Fuego", "L", "archipelago", -54.0, -68.5, [], ["AR", "CL"]),
    ("Tasmania", "L", "island", -42.0, 146.6, ["Van Diemen's Land"], ["AU"]),
    ("Sicily", "L", "island", 37.5, 14.1, ["Sicilia"], ["IT"]),
    ("Sardinia", "L", "island", 40.1, 9.0, ["Sardegna"], ["IT"]),
    ("Corsica", "L", "island", 42.15, 9.1, ["Corse"], ["FR"]),
    ("Crete", "L", "island", 35.25, 24.9, ["Candia"], ["GR"]),
    ("Cyprus", "L", "island", 35.0, 33.2, [], ["CY"]),
    ("Malta", "L", "island", 35.9, 14.4, [], ["MT"]),
    ("Balearic Islands", "L", "archipelago", 39.5, 3.0, ["Balearics"], ["ES"]),
    ("Spitsbergen", "L", "island", 78.5, 17.0, ["Svalbard"], ["NO"]),
    ("Novaya Zemlya", "L", "archipelago", 74.0, 56.0, [], ["RU"]),
    ("Sakhalin", "L", "island", 50.5, 142.8, [], ["RU"]),
    ("Kuril Islands", "L", "archipelago", 46.5, 151.5, ["Kurils", "Kuriles"], ["RU"]),
    ("Hokkaido", "L", "island", 43.4, 142.8, ["Yezo"], ["JP"]),
    ("Formosa", "L", "island", 23.7, 121.0, ["Taiwan Island"], ["TW"]),
    ("Borneo", "L", "island", 0.5, 114.0, [], ["ID", "MY", "BN"]),
    ("Sumatra", "L", "island", -0.5, 101.5, [], ["ID"]),
    ("Java", "L", "island", -7.3, 110.0, [], ["ID"]),
    ("Celebes", "L", "island", -2.0, 121.0, ["Sulawesi"], ["ID"]),
    ("New Guinea", "L", "island", -5.5, 141.0, [], ["PG", "ID"]),
    ("Hawaiian Islands", "L", "archipelago", 20.8, -156.3, ["Sandwich Islands"], ["US"]),
    ("Newfoundland", "L", "island", 48.8, -56.0, [], ["CA"]),
    ("Long Island", "L", "island", 40.8, -73.2, [], ["US"]),
    ("West Indies", "L", "archipelago", 18.5, -72.0, [], []),
    ("Antilles", "L", "archipelago", 18.0, -70.0, [], []),
    ("British Isles", "L", "archipelago", 54.0, -4.0, [], ["GB", "IE"]),
    ("Ireland", "L", "island", 53.4, -8.0, [], ["IE", "GB"]),
    ("Hebrides", "L", "archipelago", 57.5, -7.0, [], ["GB"]),
    ("Orkney", "L", "archipelago", 59.0, -3.0, ["Orkney Islands", "Orkneys"], ["GB"]),
    ("Shetland", "L", "archipelago", 60.3, -1.3, ["Shetland Islands"], ["GB"]),
    ("Crimea", "L", "peninsula", 45.3, 34.4, ["the Crimea", "Krym"], ["UA"]),
    ("Kamchatka", "L", "peninsula", 56.0, 159.0, [], ["RU"]),
    ("Iberian Peninsula", "L", "peninsula", 40.0, -4.0, ["Iberia"], ["ES", "PT"]),
    ("Scandinavia", "L", "region", 63.0, 14.0, [], ["NO", "SE"]),
    ("Jutland", "L", "peninsula", 56.0, 9.0, [], ["DK"]),
    ("Peloponnese", "L", "peninsula", 37.5, 22.2, ["Peloponnesus", "Morea"], ["GR"]),
    ("Gallipoli", "L", "peninsula", 40.3, 26.4, ["Gallipoli Peninsula"], ["TR"]),
    ("Florida Keys", "L", "archipelago", 24.7, -81.1, [], ["US"]),
    # historic and cultural regions
    ("England", "A", "country", 52.5, -1.5, [], ["GB"]),
    ("Scotland", "A", "country", 56.8, -4.2, [], ["GB"]),
    ("Wales", "A", "country", 52.3, -3.7, [], ["GB"]),
    ("Northern Ireland", "A", "province", 54.6, -6.7, ["Ulster"], ["GB"]),
    ("Siberia", "L", "region", 60.0, 100.0, [], ["RU"]),
    ("Central Asia", "L", "region", 42.0, 65.0, [], ["KZ", "UZ", "KG", "TJ", "TM"]),
    ("Turkestan", "L", "region", 41.0, 68.0, ["Turkistan", "Russian Turkestan"], ["UZ", "KZ", "KG"]),
    ("Semirechye", "L", "region", 44.5, 77.5, ["Semirechie", "Semirechensk", "Seven Rivers"], ["KZ", "KG"]),
    ("Transcaucasia", "L", "region", 41.5, 45.0, [], ["GE", "AM", "AZ"]),
    ("Manchuria", "L", "region", 45.0, 126.0, [], ["CN"]),
    ("Mongolia", "L", "region", 46.8, 103.0, ["Outer Mongolia"], ["MN"]),
    ("Tibet", "L", "region", 31.5, 88.0, [], ["CN"]),
    ("Xinjiang", "L", "region", 41.0, 85.0, ["Sinkiang", "Chinese Turkestan", "Eastern Turkestan"], ["CN"]),
    ("Balkans", "L", "region", 43.0, 21.0, ["the Balkans", "Balkan Peninsula"], []),
    ("Bessarabia", "L", "region", 47.0, 28.5, [], ["MD", "UA"]),
    ("Galicia", "L", "region", 49.7, 22.5, [], ["PL", "UA"]),
    ("Silesia", "L", "region", 50.8, 17.0, [], ["PL", "CZ"]),
    ("Bohemia", "L", "region", 49.8, 14.5, [], ["CZ"]),
    ("Moravia", "L", "region", 49.3, 17.0, [], ["CZ"]),
    ("Transylvania", "L", "region", 46.5, 24.5, [], ["RO"]),
    ("Prussia", "A", "historic state", 53.0, 16.0, ["Kingdom of Prussia"], ["DE", "PL"]),
    ("East Prussia", "A", "historic province", 54.4, 21.0, [], ["PL", "RU"]),
    ("Bavaria", "A", "state", 48.9, 11.4, ["Bayern"], ["DE"]),
    ("Saxony", "A", "state", 51.0, 13.3, ["Sachsen"], ["DE"]),
    ("Rhineland", "L", "region", 50.5, 7.0, [], ["DE"]),
    ("Flanders", "L", "region", 51.0, 3.7, [], ["BE"]),
    ("Lombardy", "A", "region", 45.6, 9.8, ["Lombardia"], ["IT"]),
    ("Tuscany", "A", "region", 43.4, 11.0, ["Toscana"], ["IT"]),
    ("Andalusia", "A", "region", 37.5, -4.7, ["Andalucía", "Andalucia"], ["ES"]),
    ("Catalonia", "A", "region", 41.8, 1.5, ["Catalunya", "Cataluña"], ["ES"]),
    ("Anatolia", "L", "region", 39.0, 33.0, ["Asia Minor"], ["TR"]),
    ("Mesopotamia", "L", "region", 33.5, 44.0, [], ["IQ"]),
    ("Levant", "L", "region", 33.5, 36.0, ["the Levant"], []),
    ("Arabia", "L", "region", 24.0, 45.0, ["Arabian Peninsula"], ["SA"]),
    ("Kurdistan", "L", "region", 37.0, 43.5, [], ["IQ", "TR", "IR"]),
    ("Punjab", "L", "region", 31.0, 73.5, [], ["PK", "IN"]),
    ("Bengal", "L", "region", 23.5, 89.0, [], ["BD", "IN"]),
    ("Indochina", "L", "region", 15.0, 104.0, ["Indo-China", "French Indochina"], []),
    ("Lapland", "L", "region", 68.0, 24.0, [], ["FI", "SE", "NO"]),
    ("New England", "L", "region", 43.5, -71.5, [], ["US"]),
    ("Midwest", "L", "region", 41.5, -90.0, ["the Midwest", "Middle West"], ["US"]),
    ("Deep South", "L", "region", 32.5, -87.0, [], ["US"]),
    ("Indian Territory", "A", "historic territory", 35.5, -97.0, [], ["US"]),
    ("Shenandoah Valley", "L", "valley", 38.7, -78.6, [], ["US"]),
    ("Lower Canada", "A", "historic province", 46.8, -71.2, [], ["CA"]),
    ("Upper Canada", "A", "historic province", 44.0, -79.0, [], ["CA"]),
    ("Latin America", "L", "region", -5.0, -60.0, [], []),
    ("Middle East", "L", "region", 29.0, 42.0, ["Near East"], []),
    ("Far East", "L", "region", 35.0, 120.0, [], []),
    ("Eastern Europe", "L", "region", 50.0, 28.0, [], []),
    ("Western Europe", "L", "region", 48.0, 5.0, [], []),
    ("Southeast Asia", "L", "region", 5.0, 110.0, ["South-East Asia"], []),
    ("Caribbean", "L", "region", 17.0, -72.0, ["the Caribbean"], []),
    ("Gaza Strip", "A", "territory", 31.42, 34.38, ["Gaza"], ["PS"]),
    ("West Bank", "A", "territory", 31.95, 35.25, [], ["PS"]),
    # empires and states of the past
    ("Ottoman Empire", "A", "empire", 39.0, 35.0, ["Turkish Empire", "the Porte", "Sublime Porte"], ["TR"]),
    ("Russian Empire", "A", "empire", 55.75, 37.6, ["Tsarist Russia", "Imperial Russia"], ["RU"]),
    ("Soviet Union", "A", "historic state", 55.75, 37.6, ["USSR", "U.S.S.R.", "Soviet Russia", "the Soviet Union"],
     ["RU"]),
    ("Austria-Hungary", "A", "empire", 48.2, 16.4, ["Austro-Hungarian Empire", "Dual Monarchy"], ["AT", "HU"]),
    ("Holy Roman Empire", "A", "empire", 50.0, 10.0, [], ["DE"]),
    ("Roman Empire", "A", "empire", 41.9, 12.5, [], ["IT"]),
    ("Byzantine Empire", "A", "empire", 41.0, 28.97, ["Byzantium", "Eastern Roman Empire"], ["TR"]),
    ("Mughal Empire", "A", "empire", 27.2, 78.0, ["Mogul Empire"], ["IN"]),
    ("British India", "A", "historic state", 22.0, 79.0, ["the Raj", "British Raj"], ["IN"]),
    ("Yugoslavia", "A", "historic state", 44.0, 20.5, [], ["RS", "HR", "BA", "SI", "MK", "ME"]),
    ("Czechoslovakia", "A", "historic state", 49.5, 17.0, [], ["CZ", "SK"]),
    ("Confederate States", "A", "historic state", 33.0, -86.0,
     ["Confederate States of America", "the Confederacy"], ["US"]),
    ("Weimar Republic", "A", "historic state", 51.0, 10.5, [], ["DE"]),
    ("Persian Empire", "A", "empire", 32.0, 53.0, [], ["IR"]),
    ("Qing Empire", "A", "empire", 35.0, 105.0, ["Chinese Empire", "Celestial Empire", "Qing China"], ["CN"]),
    ("Kingdom of the Two Sicilies", "A", "historic state", 40.85, 14.27, ["Two Sicilies"], ["IT"]),
    ("Dutch East Indies", "A", "historic colony", -6.2, 106.8, ["Netherlands East Indies"], ["ID"]),
    ("Gold Coast", "A", "historic colony", 7.9, -1.0, [], ["GH"]),
    ("Rhodesia", "A", "historic state", -19.0, 30.0, ["Southern Rhodesia"], ["ZW"]),
    ("Bukhara", "A", "historic state", 39.77, 64.42, ["Emirate of Bukhara", "Bokhara"], ["UZ"]),
    ("Khiva", "A", "historic state", 41.38, 60.36, ["Khanate of Khiva"], ["UZ"]),
]

KINDS = {"sea": "H", "ocean": "H", "bay": "H", "gulf": "H", "Lake": "H", "Alkaline Lake": "H", "River": "H",
         "island": "L", "island group": "L", "cape": "T", "waterfall": "H", "plain": "L"}
AAT = {"sea": "aat:300008694", "ocean": "aat:300008687", "bay": "aat:300132315", "gulf": "aat:300132316",
       "lake": "aat:300008680", "river": "aat:300008707", "island": "aat:300008791",
       "archipelago": "aat:300008704", "cape": "aat:300008850", "strait": "aat:300008709",
       "mountain range": "aat:300386831", "mountain": "aat:300008795", "desert": "aat:300008813",
       "region": "aat:300182722", "empire": "aat:300236112", "peninsula": "aat:300008804"}


def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def feature(pid, title, fclass, kind, lat, lon, names, ccodes, certainty, citation, wikidata=None):
    toponyms = []
    for n in [title, *names]:
        if n and n not in toponyms:
            toponyms.append(n)
    f = {"@id": pid, "type": "Feature",
         "properties": {"title": title, "ccodes": ccodes, "fclasses": [fclass]},
         "names": [{"toponym": n} for n in toponyms],
         "types": [{"identifier": AAT[kind.lower()], "label": kind.lower()} if kind.lower() in AAT
                   else {"label": kind.lower()}],
         "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)], "certainty": certainty,
                      "citations": [citation]}}
    if wikidata:
        f["links"] = [{"type": "closeMatch", "identifier": f"wd:{wikidata}"}]
    return f


def natural_earth(folder: Path) -> list[dict]:
    out, seen = [], set()
    for name in ("marine_points", "lakes_points", "rivers_points", "regions_points"):
        doc = json.loads((folder / f"{name}.geojson").read_text(encoding="utf-8"))
        for x in doc["features"]:
            p = x["properties"]
            if p["featurecla"] == "pole":
                continue
            title = p.get("name_en") or p["name"]
            title = title[0] + title[1:].lower() if title.isupper() else title
            if title in seen:  # the oceans are split north and south in the source: keep one point
                continue
            seen.add(title)
            lon, lat = x["geometry"]["coordinates"]
            alts = [p.get("name"), *(p.get("name_alt") or "").split("|"),
                    *(v for k, v in (p.get("names") or {}).items() if k in ("de", "fr"))]
            alts = [a.strip() for a in alts if a and a.strip() and all(ord(c) < 0x250 for c in a)]
            kind = p["featurecla"]
            cite = {"label": f"Natural Earth {p['source_file'].rsplit('/', 1)[-1]} (public domain)",
                    "@id": "https://www.naturalearthdata.com/"}
            out.append(feature(f"ne-{slug(title)}", title, KINDS.get(kind, "L"), kind, lat, lon, alts, [],
                               "less-certain", cite, p.get("wikidataid")))
    return out


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else next(
        d / "shared" / "data" / "natural-earth" for d in ROOT.parents if (d / "shared" / "data").is_dir())
    features = natural_earth(folder)
    titles = {f["properties"]["title"] for f in features}
    hand = {"label": "placed by hand at the middle of the feature (geo-story world layer)"}
    for title, fclass, kind, lat, lon, names, ccodes in HAND:
        if title in titles:
            continue
        features.append(feature(f"w-{slug(title)}", title, fclass, kind, lat, lon, names, ccodes,
                                "less-certain", hand))
    doc = {"type": "FeatureCollection",
           "@context": "https://raw.githubusercontent.com/LinkedPasts/linked-places-format/main/"
                       "linkedplaces-context-v1.1.jsonld",
           "credit": "Made with Natural Earth (public domain), https://www.naturalearthdata.com/; "
                     "hand-placed entries by geo-story (MIT)",
           "features": features}
    fd, tmp = tempfile.mkstemp(dir=OUT.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(tmp, OUT)
    print(f"{OUT}: {len(features)} features")


if __name__ == "__main__":
    main()

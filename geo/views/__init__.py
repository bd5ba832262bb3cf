"""The app's views, one module a tab; each a function that takes the loaded story and draws one tab.

- :mod:`geo.views.route` -- a journey, stop by stop (Previous / Next), with the text behind each stop;
- :mod:`geo.views.letters` -- the letters between the story's places: arcs coloured by their fate;
- :mod:`geo.views.text` -- each text in full, every place mention highlighted and linked to the map;
- :mod:`geo.views.gazetteer` -- all places: names through time, types, coordinates and their sources.

:mod:`geo.views.html` builds the HTML the views show (escaped, and testable without Streamlit);
:mod:`geo.views.common` holds what the views share (the map panel, credits, cached maps).
"""

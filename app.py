"""The app: ``streamlit run app.py`` (or ``streamlit run app.py -- --story DIR``). See geo/app.py."""
from geo.app import main

main()

// Cities for the location autocomplete, bundled so it works offline (no geocoder is reachable locally):
// name|country code|country|latitude|longitude|IANA time zone.
const RAW = `Bologna|IT|Italy|44.4949|11.3426|Europe/Rome
Milano|IT|Italy|45.4642|9.19|Europe/Rome
Roma|IT|Italy|41.9028|12.4964|Europe/Rome
Napoli|IT|Italy|40.8518|14.2681|Europe/Rome
Torino|IT|Italy|45.0703|7.6869|Europe/Rome
Firenze|IT|Italy|43.7696|11.2558|Europe/Rome
Venezia|IT|Italy|45.4408|12.3155|Europe/Rome
Verona|IT|Italy|45.4384|10.9916|Europe/Rome
Genova|IT|Italy|44.4056|8.9463|Europe/Rome
Palermo|IT|Italy|38.1157|13.3615|Europe/Rome
Catania|IT|Italy|37.5079|15.083|Europe/Rome
Bari|IT|Italy|41.1171|16.8719|Europe/Rome
Cesena|IT|Italy|44.1391|12.2431|Europe/Rome
Forlì|IT|Italy|44.2227|12.0407|Europe/Rome
Rimini|IT|Italy|44.0678|12.5695|Europe/Rome
Riccione|IT|Italy|43.9995|12.6556|Europe/Rome
Ravenna|IT|Italy|44.4184|12.2035|Europe/Rome
Modena|IT|Italy|44.6471|10.9252|Europe/Rome
Parma|IT|Italy|44.8015|10.3279|Europe/Rome
Reggio Emilia|IT|Italy|44.6989|10.6297|Europe/Rome
Ferrara|IT|Italy|44.8381|11.6198|Europe/Rome
Padova|IT|Italy|45.4064|11.8768|Europe/Rome
Trieste|IT|Italy|45.6495|13.7768|Europe/Rome
Trento|IT|Italy|46.0748|11.1217|Europe/Rome
Bergamo|IT|Italy|45.6983|9.6773|Europe/Rome
Brescia|IT|Italy|45.5416|10.2118|Europe/Rome
Pisa|IT|Italy|43.7228|10.4017|Europe/Rome
Perugia|IT|Italy|43.1107|12.3908|Europe/Rome
Ancona|IT|Italy|43.6158|13.5189|Europe/Rome
Pescara|IT|Italy|42.4618|14.2161|Europe/Rome
Cagliari|IT|Italy|39.2238|9.1217|Europe/Rome
Lecce|IT|Italy|40.3515|18.175|Europe/Rome
Salerno|IT|Italy|40.6824|14.7681|Europe/Rome
London|GB|United Kingdom|51.5072|-0.1276|Europe/London
Manchester|GB|United Kingdom|53.4808|-2.2426|Europe/London
Liverpool|GB|United Kingdom|53.4084|-2.9916|Europe/London
Edinburgh|GB|United Kingdom|55.9533|-3.1883|Europe/London
Glasgow|GB|United Kingdom|55.8642|-4.2518|Europe/London
Bristol|GB|United Kingdom|51.4545|-2.5879|Europe/London
Dublin|IE|Ireland|53.3498|-6.2603|Europe/Dublin
Paris|FR|France|48.8566|2.3522|Europe/Paris
Lyon|FR|France|45.764|4.8357|Europe/Paris
Marseille|FR|France|43.2965|5.3698|Europe/Paris
Nice|FR|France|43.7102|7.262|Europe/Paris
Toulouse|FR|France|43.6047|1.4442|Europe/Paris
Bordeaux|FR|France|44.8378|-0.5792|Europe/Paris
Lille|FR|France|50.6292|3.0573|Europe/Paris
Nantes|FR|France|47.2184|-1.5536|Europe/Paris
Strasbourg|FR|France|48.5734|7.7521|Europe/Paris
Montpellier|FR|France|43.6108|3.8767|Europe/Paris
Berlin|DE|Germany|52.52|13.405|Europe/Berlin
Hamburg|DE|Germany|53.5511|9.9937|Europe/Berlin
München|DE|Germany|48.1351|11.582|Europe/Berlin
Köln|DE|Germany|50.9375|6.9603|Europe/Berlin
Frankfurt am Main|DE|Germany|50.1109|8.6821|Europe/Berlin
Stuttgart|DE|Germany|48.7758|9.1829|Europe/Berlin
Düsseldorf|DE|Germany|51.2277|6.7735|Europe/Berlin
Leipzig|DE|Germany|51.3397|12.3731|Europe/Berlin
Dresden|DE|Germany|51.0504|13.7373|Europe/Berlin
Hannover|DE|Germany|52.3759|9.732|Europe/Berlin
Nürnberg|DE|Germany|49.4521|11.0767|Europe/Berlin
Wien|AT|Austria|48.2082|16.3738|Europe/Vienna
Salzburg|AT|Austria|47.8095|13.055|Europe/Vienna
Graz|AT|Austria|47.0707|15.4395|Europe/Vienna
Zürich|CH|Switzerland|47.3769|8.5417|Europe/Zurich
Genève|CH|Switzerland|46.2044|6.1432|Europe/Zurich
Basel|CH|Switzerland|47.5596|7.5886|Europe/Zurich
Bern|CH|Switzerland|46.948|7.4474|Europe/Zurich
Lugano|CH|Switzerland|46.0037|8.9511|Europe/Zurich
Madrid|ES|Spain|40.4168|-3.7038|Europe/Madrid
Barcelona|ES|Spain|41.3874|2.1686|Europe/Madrid
Valencia|ES|Spain|39.4699|-0.3763|Europe/Madrid
Sevilla|ES|Spain|37.3891|-5.9845|Europe/Madrid
Málaga|ES|Spain|36.7213|-4.4214|Europe/Madrid
Bilbao|ES|Spain|43.263|-2.935|Europe/Madrid
Ibiza|ES|Spain|38.9067|1.4206|Europe/Madrid
Palma|ES|Spain|39.5696|2.6502|Europe/Madrid
Zaragoza|ES|Spain|41.6488|-0.8891|Europe/Madrid
Granada|ES|Spain|37.1773|-3.5986|Europe/Madrid
Lisboa|PT|Portugal|38.7223|-9.1393|Europe/Lisbon
Porto|PT|Portugal|41.1579|-8.6291|Europe/Lisbon
Amsterdam|NL|Netherlands|52.3676|4.9041|Europe/Amsterdam
Rotterdam|NL|Netherlands|51.9244|4.4777|Europe/Amsterdam
Utrecht|NL|Netherlands|52.0907|5.1214|Europe/Amsterdam
Bruxelles|BE|Belgium|50.8503|4.3517|Europe/Brussels
Antwerpen|BE|Belgium|51.2194|4.4025|Europe/Brussels
Gent|BE|Belgium|51.0543|3.7174|Europe/Brussels
Luxembourg|LU|Luxembourg|49.6116|6.1319|Europe/Luxembourg
København|DK|Denmark|55.6761|12.5683|Europe/Copenhagen
Stockholm|SE|Sweden|59.3293|18.0686|Europe/Stockholm
Göteborg|SE|Sweden|57.7089|11.9746|Europe/Stockholm
Oslo|NO|Norway|59.9139|10.7522|Europe/Oslo
Helsinki|FI|Finland|60.1699|24.9384|Europe/Helsinki
Reykjavík|IS|Iceland|64.1466|-21.9426|Atlantic/Reykjavik
Praha|CZ|Czechia|50.0755|14.4378|Europe/Prague
Brno|CZ|Czechia|49.1951|16.6068|Europe/Prague
Warszawa|PL|Poland|52.2297|21.0122|Europe/Warsaw
Kraków|PL|Poland|50.0647|19.945|Europe/Warsaw
Gdańsk|PL|Poland|54.352|18.6466|Europe/Warsaw
Budapest|HU|Hungary|47.4979|19.0402|Europe/Budapest
Bratislava|SK|Slovakia|48.1486|17.1077|Europe/Bratislava
Ljubljana|SI|Slovenia|46.0569|14.5058|Europe/Ljubljana
Zagreb|HR|Croatia|45.815|15.9819|Europe/Zagreb
Split|HR|Croatia|43.5081|16.4402|Europe/Zagreb
Beograd|RS|Serbia|44.7866|20.4489|Europe/Belgrade
București|RO|Romania|44.4268|26.1025|Europe/Bucharest
Sofia|BG|Bulgaria|42.6977|23.3219|Europe/Sofia
Athína|GR|Greece|37.9838|23.7275|Europe/Athens
Thessaloníki|GR|Greece|40.6401|22.9444|Europe/Athens
Mykonos|GR|Greece|37.4467|25.3289|Europe/Athens
Valletta|MT|Malta|35.8989|14.5146|Europe/Malta
İstanbul|TR|Türkiye|41.0082|28.9784|Europe/Istanbul
Tallinn|EE|Estonia|59.437|24.7536|Europe/Tallinn
Riga|LV|Latvia|56.9496|24.1052|Europe/Riga
Vilnius|LT|Lithuania|54.6872|25.2797|Europe/Vilnius
New York|US|United States|40.7128|-74.006|America/New_York
Los Angeles|US|United States|34.0522|-118.2437|America/Los_Angeles
Chicago|US|United States|41.8781|-87.6298|America/Chicago
Miami|US|United States|25.7617|-80.1918|America/New_York
San Francisco|US|United States|37.7749|-122.4194|America/Los_Angeles
Austin|US|United States|30.2672|-97.7431|America/Chicago
Toronto|CA|Canada|43.6532|-79.3832|America/Toronto
Montréal|CA|Canada|45.5017|-73.5673|America/Toronto
Vancouver|CA|Canada|49.2827|-123.1207|America/Vancouver
Ciudad de México|MX|Mexico|19.4326|-99.1332|America/Mexico_City
Buenos Aires|AR|Argentina|-34.6037|-58.3816|America/Argentina/Buenos_Aires
São Paulo|BR|Brazil|-23.5558|-46.6396|America/Sao_Paulo
Rio de Janeiro|BR|Brazil|-22.9068|-43.1729|America/Sao_Paulo
Tokyo|JP|Japan|35.6762|139.6503|Asia/Tokyo
Seoul|KR|South Korea|37.5665|126.978|Asia/Seoul
Singapore|SG|Singapore|1.3521|103.8198|Asia/Singapore
Dubai|AE|United Arab Emirates|25.2048|55.2708|Asia/Dubai
Sydney|AU|Australia|-33.8688|151.2093|Australia/Sydney
Melbourne|AU|Australia|-37.8136|144.9631|Australia/Melbourne
Cape Town|ZA|South Africa|-33.9249|18.4241|Africa/Johannesburg`

export interface City { name: string; countryCode: string; country: string; lat: number; lon: number; timezone: string }

export const CITIES: City[] = RAW.split('\n').map((line) => {
  const [name, countryCode, country, lat, lon, timezone] = line.split('|')
  return { name, countryCode, country, lat: Number(lat), lon: Number(lon), timezone }
})

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase()

/** Cities whose name starts with the text (accents and case ignored), then those containing it. */
export function findCities(text: string, limit = 8): City[] {
  const q = fold(text.trim())
  if (!q) return []
  const starts = CITIES.filter((c) => fold(c.name).startsWith(q))
  const contains = CITIES.filter((c) => !fold(c.name).startsWith(q) && fold(`${c.name} ${c.country}`).includes(q))
  return [...starts, ...contains].slice(0, limit)
}
